/**
 * One settings mechanism for every Meshbone component (the SDK, governance, the catalog, the CLI, the test kit), on
 * Kafka's own {@link org.apache.kafka.common.config.ConfigDef}: each component defines its settings once (type,
 * default, validator, documentation) in a {@link dev.meshbone.config.MeshSettings}, loads them into a
 * {@link dev.meshbone.config.LoadedSettings} and builds its immutable, validated config record from it.
 *
 * <h2>Keys</h2>
 * <ul>
 *   <li>Shared settings are unprefixed: {@code bootstrap.servers}, {@code registry.url}, {@code registry.username},
 *       {@code registry.password}, {@code topic.replication.factor} ({@link dev.meshbone.config.SharedSettings}).</li>
 *   <li>An app's own settings start with its name: {@code governance.*}, {@code catalog.*}, {@code testkit.*}.</li>
 *   <li>The SDK's own settings are unprefixed ({@code client.id}, {@code open.timeout.ms}): the SDK is a library
 *       inside a service, and the service is the component.</li>
 *   <li>Kafka client and Streams settings pass through with the one prefix {@code kafka.}, stripped
 *       ({@code kafka.security.protocol=SASL_SSL}). A component may refuse some (the SDK owns {@code acks}).</li>
 *   <li>Durations are Kafka's: a LONG in milliseconds, the key ending in {@code .ms}.</li>
 * </ul>
 *
 * <h2>Environment</h2>
 * A key's variable is {@code MESHBONE_} + the key upper-cased with {@code .} and {@code -} as {@code _}
 * ({@code catalog.http.port} ↔ {@code MESHBONE_CATALOG_HTTP_PORT}, {@code kafka.linger.ms} ↔
 * {@code MESHBONE_KAFKA_LINGER_MS}). Blank variables count as unset.
 *
 * <h2>Precedence</h2>
 * Values set in code (builders, command-line flags, system properties) win over the environment, which wins over
 * the properties file, which wins over the default.
 *
 * <h2>Unknown keys</h2>
 * An unknown key in code or in a properties file fails, with a "did you mean" hint (edit distance over the known
 * keys). In the environment, a component checks only its own namespace ({@code MESHBONE_CATALOG_*} for the
 * catalog): variables of other components and shared variables it does not use are ignored, so one environment can
 * serve every component. The unprefixed SDK therefore reads only the variables it knows.
 *
 * <h2>Deprecated keys</h2>
 * Old keys, old variables and old duration formats ({@code open.timeout=60s}) keep working for one release
 * ({@link dev.meshbone.config.Deprecation}) with a WARN naming the new key; when both are given, the new key wins.
 *
 * <h2>Documentation</h2>
 * Every module's README table is {@link dev.meshbone.config.MeshSettings#markdownTable()}, between
 * {@code <!-- settings:start -->} and {@code <!-- settings:end -->}, checked by a test of that module.
 */
package dev.meshbone.config;
