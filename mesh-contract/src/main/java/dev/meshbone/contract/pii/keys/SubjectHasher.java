package dev.meshbone.contract.pii.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that stands for a subject wherever the mesh must name one without its id (the key of
 * {@code mesh.keys}, erasure events): HMAC-SHA-256 under the provider's subject-hash secret over
 * {@code <kind>:<id>}, rendered {@code <kind>.<base64url, no padding>}. Deterministic, so every governance instance
 * and the CLI find the same subject's keys; keyed, so nobody without the secret can test a guessed id against it.
 * The kind stays in clear: it is not personal. Thread-safe.
 */
public final class SubjectHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> mac;

    /** A hasher under the secret of {@link KeyEncryptionKeys#subjectHashSecret()}. */
    public SubjectHasher(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the subject-hash secret needs at least 16 bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance(ALGORITHM);
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
            }
        });
    }

    /** A hasher under a provider's secret. */
    public static SubjectHasher of(KeyEncryptionKeys keys) {
        return new SubjectHasher(keys.subjectHashSecret());
    }

    /** {@code <kind>.<base64url(HMAC-SHA-256(kind + ":" + id))>}. */
    public String hash(Subject subject) {
        byte[] digest = mac.get().doFinal((subject.kind() + ":" + subject.id()).getBytes(StandardCharsets.UTF_8));
        return subject.kind() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
