package dev.meshbone.sdk;

/**
 * A value that does not match the product's declared schema. Thrown by {@code publish} before anything is sent.
 * The message names the field and the expected type, never the value (it may be personal data).
 */
public final class InvalidRecordException extends MeshException {

    private final String field;

    /**
     * @param field   the offending field's path, e.g. {@code items[2].quantity}, or empty for the record itself
     * @param message what is wrong
     */
    public InvalidRecordException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field's path ({@code items[2].quantity}), or empty when the record itself is wrong. */
    public String field() {
        return field;
    }
}
