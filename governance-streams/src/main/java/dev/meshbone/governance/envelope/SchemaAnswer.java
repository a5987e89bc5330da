package dev.meshbone.governance.envelope;

/** What the registry says about a global id: a writer schema governance can read, or why there is none. */
public sealed interface SchemaAnswer {

    /** An Avro schema the registry holds under the id. */
    record Known(ResolvedSchema schema) implements SchemaAnswer {
    }

    /**
     * No Avro schema under the id: the record's fault (UNKNOWN_SCHEMA), not the registry's.
     *
     * @param why the end of "the record names schema global id N, ...", e.g. "which the registry does not know"
     */
    record Unknown(String why) implements SchemaAnswer {
        /** The registry has nothing under the id. */
        public static final Unknown NOT_FOUND = new Unknown("which the registry does not know");
    }
}
