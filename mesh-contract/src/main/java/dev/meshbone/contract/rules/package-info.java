/**
 * Typed data quality rules: CEL expressions over a record bound as {@code record}, type-checked against the contract's
 * Avro schema when the contract is declared ({@link dev.meshbone.contract.rules.RuleEnvironment}) and evaluated per
 * record through a lazy view that converts a field only when the rule reads it
 * ({@link dev.meshbone.contract.rules.RuleProgram}).
 *
 * <p>How Avro types appear in CEL:
 * <table>
 *   <caption>Avro to CEL</caption>
 *   <tr><th>Avro</th><th>CEL</th></tr>
 *   <tr><td>record</td><td>struct named by the record's full name, with its fields</td></tr>
 *   <tr><td>array</td><td>{@code list(T)}</td></tr>
 *   <tr><td>map</td><td>{@code map(string, T)}</td></tr>
 *   <tr><td>{@code ["null", X]}</td><td>nullable X: {@code == null}, {@code has()} and X's operators</td></tr>
 *   <tr><td>other unions</td><td>{@code dyn}</td></tr>
 *   <tr><td>enum</td><td>{@code string} (the symbol)</td></tr>
 *   <tr><td>int, long</td><td>{@code int}</td></tr>
 *   <tr><td>float, double</td><td>{@code double}</td></tr>
 *   <tr><td>boolean, string</td><td>{@code bool}, {@code string}</td></tr>
 *   <tr><td>bytes, fixed</td><td>{@code bytes}</td></tr>
 *   <tr><td>timestamp-millis/micros/nanos, local-timestamp-millis/micros/nanos</td>
 *       <td>{@code google.protobuf.Timestamp} (local timestamps read as UTC)</td></tr>
 *   <tr><td>date</td><td>{@code google.protobuf.Timestamp} at midnight UTC, so it compares with
 *       {@code timestamp("2024-01-01T00:00:00Z")} and has {@code getFullYear()} etc.</td></tr>
 *   <tr><td>time-millis, time-micros</td><td>{@code int} (since midnight, in the schema's unit)</td></tr>
 *   <tr><td>decimal (bytes or fixed)</td><td>{@code double}</td></tr>
 *   <tr><td>uuid</td><td>{@code string}</td></tr>
 * </table>
 */
package dev.meshbone.contract.rules;
