package dev.meshbone.governance.envelope;

import java.util.Optional;

/** Finds a writer schema by global id. Implementations cache: after warm-up a lookup makes no remote call. */
public interface SchemaLookup {

    /**
     * The schema with this global id, or empty when the registry does not know it.
     *
     * @throws RegistryUnavailableException when the registry cannot be asked (a transient fault, never a violation)
     */
    Optional<ResolvedSchema> byGlobalId(long globalId);

    /** False while the registry has been unreachable since the last successful call. */
    default boolean healthy() {
        return true;
    }
}
