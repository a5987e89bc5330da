package dev.meshbone.contract.pii.keys;

/**
 * Where the key-encryption keys (KEKs) are: the provider that wraps data keys before they are written to
 * {@code mesh.keys} and unwraps them when read, and that holds the secret of the subject hash. Governance, key-holding
 * consumers and {@code mesh forget} all need the same provider. {@link LocalKeystore} is the default: a PKCS12 file.
 *
 * <p>Writing another provider (HashiCorp Vault Transit, AWS KMS, Google Cloud KMS, Azure Key Vault):
 * <ul>
 *   <li>{@link #currentKekId()} is the name of the KMS key (and version) new data keys are wrapped with, e.g. a
 *       Vault Transit key name or a KMS key ARN; it is stored beside each wrapped key, so it must keep naming the
 *       same key for as long as any data key wrapped with it exists (rotation adds a new id, it never reuses one).</li>
 *   <li>{@link #wrap} is the KMS's encrypt call on the 32-byte data key (Vault {@code transit/encrypt}, KMS
 *       {@code Encrypt}), {@link #unwrap} its decrypt call; the returned bytes are opaque to the mesh. Bind the
 *       KEK id as the additional authenticated data or encryption context where the KMS supports it.</li>
 *   <li>{@link #subjectHashSecret()} is a 32-byte secret kept with the KEKs (a Vault KV secret, a KMS-encrypted
 *       blob), fetched once at start: the hash is computed in process for every record.</li>
 *   <li>Calls may block on the network: governance unwraps only on a cache miss, and at most once per key, so
 *       latency matters little; a failure must throw rather than return wrong bytes.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface KeyEncryptionKeys {

    /** The KEK new data keys are wrapped with. */
    String currentKekId();

    /** The data key wrapped with the current KEK. */
    byte[] wrap(byte[] dataKey);

    /**
     * A data key wrapped with {@code kekId}.
     *
     * @throws IllegalArgumentException when the KEK is unknown here or the bytes were not wrapped with it
     */
    byte[] unwrap(String kekId, byte[] wrapped);

    /** The secret of {@link SubjectHasher}: the same for everyone who must find a subject's keys. */
    byte[] subjectHashSecret();
}
