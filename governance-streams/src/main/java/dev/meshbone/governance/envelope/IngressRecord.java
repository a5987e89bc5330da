package dev.meshbone.governance.envelope;

/**
 * An ingress value that passed the envelope check: framed, of a known writer schema, exactly one record of it.
 *
 * @param raw    the original bytes, kept for quarantine (byte for byte) and walked by the contract's record program
 * @param schema the writer schema, resolved in the registry
 */
public record IngressRecord(byte[] raw, ResolvedSchema schema) {
}
