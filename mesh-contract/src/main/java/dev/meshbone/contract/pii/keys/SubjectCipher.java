package dev.meshbone.contract.pii.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ENCRYPT under a subject's data key: AES-256-GCM with a random 96-bit nonce and the key's {@code <keyId>:<version>}
 * as additional authenticated data, written as the token
 * {@code enc:v2:<keyId>:<version>:<base64(nonce || ciphertext || tag)>}. The token names its key, so a reader finds
 * the key (or learns it was erased) without guessing, and a token moved under another key id does not decrypt.
 * Tokens are strings, so a field's schema does not change. Thread-safe.
 */
public final class SubjectCipher {

    /** What every token starts with. */
    public static final String PREFIX = "enc:v2:";

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + TRANSFORMATION, e);
        }
    });

    private SubjectCipher() {
    }

    /** The token of {@code value} under {@code key}. */
    public static String encrypt(String value, DataKey key) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.secret(), "AES"),
                    new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(key.keyId(), key.version()));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + key.keyId() + ":" + key.version() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * The clear value of a token.
     *
     * @throws IllegalArgumentException when it is not a token, is under another key or version, or does not
     *                                  authenticate (tampered, or the wrong key)
     */
    public static String decrypt(String token, DataKey key) {
        Parsed parsed = parse(token).orElseThrow(() -> new IllegalArgumentException("not an " + PREFIX + " token"));
        if (!parsed.keyId().equals(key.keyId()) || parsed.version() != key.version()) {
            throw new IllegalArgumentException("the token is under key " + parsed.keyId() + " v" + parsed.version()
                    + ", not " + key.keyId() + " v" + key.version());
        }
        byte[] sealed = parsed.sealed();
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("the token is too short to be AES-GCM");
        }
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.secret(), "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(aad(key.keyId(), key.version()));
            byte[] clear = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the token does not authenticate under key " + key.keyId()
                    + " v" + key.version() + ": it was altered, or the key is not the one it was written with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** The key id a token names; empty when the value is not a token. */
    public static Optional<String> keyIdOf(String token) {
        return parse(token).map(Parsed::keyId);
    }

    /** Whether the value is a well-formed token (it says nothing about whether it decrypts). */
    public static boolean isToken(String value) {
        return parse(value).isPresent();
    }

    private static byte[] aad(String keyId, int version) {
        return (keyId + ":" + version).getBytes(StandardCharsets.UTF_8);
    }

    private record Parsed(String keyId, int version, byte[] sealed) {
    }

    private static Optional<Parsed> parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int idEnd = token.indexOf(':', PREFIX.length());
        int versionEnd = idEnd < 0 ? -1 : token.indexOf(':', idEnd + 1);
        if (idEnd <= PREFIX.length() || versionEnd < 0) {
            return Optional.empty();
        }
        try {
            int version = Integer.parseInt(token, idEnd + 1, versionEnd, 10);
            byte[] sealed = Base64.getDecoder().decode(token.substring(versionEnd + 1));
            return version < 1 ? Optional.empty()
                    : Optional.of(new Parsed(token.substring(PREFIX.length(), idEnd), version, sealed));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // NumberFormatException included: not a version, or not base64
        }
    }
}
