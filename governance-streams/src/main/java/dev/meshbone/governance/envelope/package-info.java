/**
 * Check 1, the envelope: reads the Apicurio framing (magic byte, global id, Avro binary), resolves the writer
 * schema in the registry (cached), and quarantines bytes that cannot be read through the deserialization handler.
 */
package dev.meshbone.governance.envelope;
