package dev.meshbone.config.access;

/** ACLs could not be read, created or deleted (no authorizer, not authorized, broker unreachable, timed out). */
public class AclApplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public AclApplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
