/**
 * Data quality rules: CEL expressions over a record, compiled once per contract and evaluated per record. Public,
 * because governance evaluates exactly what the SDK validated at declaration time.
 */
package dev.meshbone.sdk.rules;
