package dev.meshbone.contract.pii.keys;

import java.security.SecureRandom;
import java.util.Base64;

/** Creates data keys. Thread-safe. */
public final class DataKeys {

    /** AES-256. */
    static final int KEY_BYTES = 32;
    private static final int KEY_ID_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DataKeys() {
    }

    /** A fresh AES-256 key from {@link SecureRandom}, version 1, under a random 128-bit id (base64url). */
    public static DataKey generate() {
        byte[] id = new byte[KEY_ID_BYTES];
        byte[] secret = new byte[KEY_BYTES];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new DataKey(Base64.getUrlEncoder().withoutPadding().encodeToString(id), 1, secret);
    }
}
