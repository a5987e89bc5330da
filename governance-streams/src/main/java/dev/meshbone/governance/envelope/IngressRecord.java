package dev.meshbone.governance.envelope;

import org.apache.avro.generic.GenericRecord;

/**
 * An ingress value that passed the envelope check.
 *
 * @param raw    the original bytes, kept for quarantine (byte for byte)
 * @param schema the writer schema, resolved in the registry
 * @param record the decoded record; governance owns it and may protect fields in place
 */
public record IngressRecord(byte[] raw, ResolvedSchema schema, GenericRecord record) {
}
