package dev.meshbone.governance.envelope;

/**
 * What the {@link IngressDeserializer} makes of an ingress value: a record check 1 admits, or bytes it refuses. A
 * refusal is a value, not an exception, so it travels the topology like any record: quarantined by the same
 * processor, in the same task, and counted in the same stats as the records the later checks refuse.
 */
public sealed interface Envelope permits IngressRecord, Unreadable {

    /** The value's bytes, as read: quarantine keeps them byte for byte. */
    byte[] raw();
}
