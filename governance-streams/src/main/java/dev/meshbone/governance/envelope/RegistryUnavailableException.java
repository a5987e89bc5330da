package dev.meshbone.governance.envelope;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The registry gave no usable answer within the retry budget, for the reason {@link #fault()}: retry later, never
 * quarantine.
 */
public final class RegistryUnavailableException extends RetriableException {

    private final RegistryFault fault;

    public RegistryUnavailableException(RegistryFault fault, String message, Throwable cause) {
        super(message, cause);
        this.fault = fault;
    }

    /** The registry could not be reached. */
    public RegistryUnavailableException(String message, Throwable cause) {
        this(RegistryFault.UNREACHABLE, message, cause);
    }

    public RegistryFault fault() {
        return fault;
    }
}
