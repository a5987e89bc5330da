package dev.meshbone.config.topics;

/** A mesh topic could not be described or created (not authorized, broker unreachable, timed out). */
public class TopicProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
