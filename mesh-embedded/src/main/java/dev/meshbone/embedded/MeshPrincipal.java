package dev.meshbone.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One identity of the embedded stack: the same name and password log in to Kafka (SASL/SCRAM-SHA-512) and to the
 * registry (HTTP basic). {@link #toString()} never shows the password.
 *
 * @param name     {@code [a-z0-9][a-z0-9-]*}: a Kafka user, a registry user and, for a domain, its registry group
 * @param password the secret; printable ASCII without quotes, backslashes, commas, brackets or spaces, so it needs
 *                 no escaping in a JAAS line or in {@code kafka-storage --add-scram}
 * @param kind     what the principal is, which decides its registry role
 */
public record MeshPrincipal(String name, String password, PrincipalKind kind) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~+/:@!#%^&*()-]{8,}");

    /** Checks the name and the password. */
    public MeshPrincipal {
        Objects.requireNonNull(kind, "kind");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal name must match " + NAME + ", was '" + name + "'");
        }
        if (password == null || !PASSWORD.matcher(password).matches()) {
            // The value itself is not repeated: it is a secret.
            throw new IllegalArgumentException("password of " + name + " must be at least 8 characters of "
                    + PASSWORD);
        }
    }

    /** Kafka's {@code sasl.jaas.config} for this principal. */
    public String jaasConfig() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                + "\" password=\"" + password + "\";";
    }

    /** The HTTP {@code Authorization} header value for the registry. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MeshPrincipal[name=" + name + ", kind=" + kind + ", password=****]";
    }
}
