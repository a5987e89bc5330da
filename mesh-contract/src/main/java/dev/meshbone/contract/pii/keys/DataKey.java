package dev.meshbone.contract.pii.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * One subject's AES-256 data key. Its secret is copied in and out, so holders cannot change it; {@link #toString()}
 * never shows it.
 *
 * @param keyId   random, base64url, not derived from the subject ({@link DataKeys#generate()})
 * @param version the key's version under its id; tokens name id and version
 * @param secret  the 32-byte AES key
 */
public record DataKey(String keyId, int version, byte[] secret) {

    /** @throws IllegalArgumentException when the id is empty or holds ':' or '/', or the secret is not 32 bytes */
    public DataKey {
        if (keyId == null || keyId.isEmpty() || keyId.indexOf(':') >= 0 || keyId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key id");
        }
        if (version < 1) {
            throw new IllegalArgumentException("a key version is 1 or more, not " + version);
        }
        if (secret == null || secret.length != DataKeys.KEY_BYTES) {
            throw new IllegalArgumentException("a data key is " + DataKeys.KEY_BYTES + " bytes (AES-256)");
        }
        secret = secret.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataKey k && version == k.version && keyId.equals(k.keyId)
                && Arrays.equals(secret, k.secret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, version);
    }

    @Override
    public String toString() {
        return "DataKey[" + keyId + " v" + version + "]";
    }
}
