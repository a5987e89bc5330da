package dev.meshbone.governance.record;

/** The bytes are not a record of the writer schema: what Avro's decoder would refuse. Never holds a value. */
public final class MalformedRecordException extends RuntimeException {

    public MalformedRecordException(String message) {
        super(message, null, false, false);
    }
}
