package dev.meshbone.governance.envelope;

import dev.meshbone.events.ViolationCode;
import org.apache.kafka.common.errors.SerializationException;

/** Bytes on an ingress topic that are not a readable record of a known schema. */
public final class EnvelopeException extends SerializationException {

    private final ViolationCode code;
    private final Long schemaId;

    public EnvelopeException(ViolationCode code, String message, Long schemaId) {
        super(message);
        this.code = code;
        this.schemaId = schemaId;
    }

    /** A verdict on the record, not a bug: its stack trace would only cost time on the hot path. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** MALFORMED_RECORD or UNKNOWN_SCHEMA. */
    public ViolationCode code() {
        return code;
    }

    /** The global id the record named, when it got that far. */
    public Long schemaId() {
        return schemaId;
    }
}
