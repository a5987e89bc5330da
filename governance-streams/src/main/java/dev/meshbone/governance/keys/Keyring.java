package dev.meshbone.governance.keys;

import dev.meshbone.contract.pii.keys.KeyEncryptionKeys;
import java.util.Optional;

/**
 * What governance needs to ENCRYPT: the key-encryption keys, if configured (without them ENCRYPT drops the value),
 * and the instance's cache of unwrapped data keys.
 *
 * @param keks  the KEK provider
 * @param cache shared by the instance's stream threads and its global thread
 */
public record Keyring(Optional<KeyEncryptionKeys> keks, DataKeyCache cache) {

    /** No keys: ENCRYPTed fields are dropped. */
    public static Keyring none() {
        return new Keyring(Optional.empty(), new DataKeyCache(1));
    }
}
