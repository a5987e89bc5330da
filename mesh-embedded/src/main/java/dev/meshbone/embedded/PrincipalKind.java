package dev.meshbone.embedded;

/**
 * What a principal is in the mesh, which decides its registry role. Kafka rights come from ACLs, not from the kind;
 * only {@link #ADMIN} is a Kafka super user.
 */
public enum PrincipalKind {
    /** The mesh operator: Kafka super user, registry {@code sr-admin}. */
    ADMIN("sr-admin"),
    /** A producing domain: registers schemas in its own registry group ({@code sr-developer}). */
    DOMAIN("sr-developer"),
    /** The governance app: reads schemas ({@code sr-readonly}). */
    GOVERNANCE("sr-readonly"),
    /** The catalog projector: reads schemas ({@code sr-readonly}). */
    CATALOG("sr-readonly"),
    /** Operators' tools (quarantine, replay, forget): read schemas ({@code sr-readonly}). */
    OPS("sr-readonly"),
    /** A consumer team: reads schemas ({@code sr-readonly}). */
    CONSUMER("sr-readonly");

    private final String registryRole;

    PrincipalKind(String registryRole) {
        this.registryRole = registryRole;
    }

    /** The Apicurio Registry role of this kind: {@code sr-admin}, {@code sr-developer} or {@code sr-readonly}. */
    public String registryRole() {
        return registryRole;
    }
}
