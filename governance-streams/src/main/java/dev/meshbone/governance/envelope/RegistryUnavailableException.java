package dev.meshbone.governance.envelope;

import org.apache.kafka.common.errors.RetriableException;

/** The registry could not be reached within the retry budget: retry later, never quarantine. */
public final class RegistryUnavailableException extends RetriableException {
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
