/** A contract's Avro schema: its one canonical text, and whether a writer schema keeps the contract. */
package dev.meshbone.contract.schema;
