/**
 * Check 1, the envelope: reads the Apicurio framing (magic byte, global id, Avro binary), resolves the writer
 * schema in the registry (cached), and makes bytes that cannot be read an {@link
 * dev.meshbone.governance.envelope.Unreadable} value, which the check pipeline quarantines. A registry that cannot
 * answer governance is a {@link dev.meshbone.governance.envelope.RegistryFault}, never a violation.
 */
package dev.meshbone.governance.envelope;
