package dev.meshbone.governance.envelope;

import dev.meshbone.governance.record.RecordWalk;

/**
 * An ingress value that passed the envelope check: framed, of a known writer schema, exactly one record of it.
 *
 * @param raw    the original bytes, kept for quarantine (byte for byte) and walked by the contract's record program
 * @param schema the writer schema, resolved in the registry
 * @param walk   the walk that validated the bytes, when it was the contract's program in force then (so the checks
 *               need not walk them again); null when the bytes were only validated
 */
public record IngressRecord(byte[] raw, ResolvedSchema schema, RecordWalk walk) implements Envelope {

    public IngressRecord(byte[] raw, ResolvedSchema schema) {
        this(raw, schema, null);
    }
}
