package dev.meshbone.governance.envelope;

/** Finds a writer schema by global id. Implementations cache: after warm-up a lookup makes no remote call. */
public interface SchemaLookup {

    /**
     * The schema with this global id, or why there is none (an id the registry does not know, an artifact that is
     * not Avro).
     *
     * @throws RegistryUnavailableException when the registry cannot be asked, or refuses to answer governance (a
     *                                      fault, never a violation: its {@link RegistryFault} says which)
     */
    SchemaAnswer byGlobalId(long globalId);

    /** False while the registry has failed every call since the last successful one. */
    default boolean healthy() {
        return true;
    }
}
