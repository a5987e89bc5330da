package dev.meshbone.sdk;

import java.util.List;

/**
 * The registry refused the contract's schema, usually because it breaks the artifact's compatibility rule. The
 * message carries the registry's own explanation; {@link #causes()} lists its individual findings (for example
 * {@code reader type: INT not compatible with writer type: STRING at /fields/0/type}). A breaking change is a new
 * major version of the product: a new artifact, a new contract and a new public topic.
 */
public final class SchemaRejectedException extends MeshException {

    private final String artifact;
    private final transient List<String> causes;

    /**
     * @param artifact   {@code <group>/<artifactId>} in the registry
     * @param reason     the registry's explanation (its problem title or detail)
     * @param causes     the registry's individual findings, possibly empty
     * @param hint       what the user can do about it
     */
    public SchemaRejectedException(String artifact, String reason, List<String> causes, String hint) {
        super("The registry refused the schema for " + artifact + ": " + reason
                + (causes.isEmpty() ? "" : " Causes: " + String.join("; ", causes) + ".")
                + (hint == null || hint.isEmpty() ? "" : " " + hint));
        this.artifact = artifact;
        this.causes = List.copyOf(causes);
    }

    /** {@code <group>/<artifactId>}. */
    public String artifact() {
        return artifact;
    }

    /** The registry's findings, each with where in the schema it is. */
    public List<String> causes() {
        return causes;
    }
}
