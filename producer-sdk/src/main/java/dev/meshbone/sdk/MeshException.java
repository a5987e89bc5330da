package dev.meshbone.sdk;

/**
 * Something the mesh could not do: the registry or the broker unreachable after retries, a topic that cannot be
 * created, a record the broker refused. The subclasses are the failures a caller can act on: a schema the registry
 * refuses ({@link SchemaRejectedException}), a record that does not match the contract
 * ({@link InvalidRecordException}). A contract that is not valid is refused before any of this, by
 * {@code mesh-contract}'s {@link dev.meshbone.contract.InvalidContractException}.
 */
public class MeshException extends RuntimeException {

    /** A failure with a message that says what was being done. */
    public MeshException(String message) {
        super(message);
    }

    /** A failure caused by another one. */
    public MeshException(String message, Throwable cause) {
        super(message, cause);
    }
}
