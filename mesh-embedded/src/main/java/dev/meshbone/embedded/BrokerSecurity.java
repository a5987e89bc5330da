package dev.meshbone.embedded;

import java.util.Objects;

/**
 * The secrets a secure broker starts with: its own SCRAM password on the client listener, the controller's PLAIN
 * password on the controller listener, and the admin, a super user whose SCRAM credential is created when the
 * storage is formatted. {@link #toString()} shows no password.
 *
 * @param brokerPassword     SCRAM-SHA-512 password of {@code User:broker} (inter-broker traffic)
 * @param controllerPassword PLAIN password of {@code User:controller} (the controller listener)
 * @param admin              the super user the embedded stack administers Kafka with
 */
public record BrokerSecurity(String brokerPassword, String controllerPassword, MeshPrincipal admin) {

    /** Checks that every secret is present and the admin is an {@link PrincipalKind#ADMIN}. */
    public BrokerSecurity {
        // Validated like every principal's password: no character needs escaping in JAAS or --add-scram.
        new MeshPrincipal(Secrets.BROKER, brokerPassword, PrincipalKind.ADMIN);
        new MeshPrincipal(Secrets.CONTROLLER, controllerPassword, PrincipalKind.ADMIN);
        Objects.requireNonNull(admin, "admin");
        if (admin.kind() != PrincipalKind.ADMIN) {
            throw new IllegalArgumentException("the broker's admin must be of kind ADMIN, was " + admin.kind());
        }
    }

    @Override
    public String toString() {
        return "BrokerSecurity[admin=" + admin.name() + ", passwords=****]";
    }
}
