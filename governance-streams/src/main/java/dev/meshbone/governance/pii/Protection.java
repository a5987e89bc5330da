package dev.meshbone.governance.pii;

import dev.meshbone.events.PiiProtection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a personal value into what the public topic may carry. HASH is HMAC-SHA-256 (keyed and deterministic, so
 * equal inputs give equal tokens and joins keep working); ENCRYPT is AES-GCM with a random 96-bit nonce (deleting
 * the key erases the data: crypto-shredding); MASK keeps a hint of the format. Thread-safe: the JCA objects are
 * per thread.
 */
public final class Protection {

    /** Prefix of HASH tokens, so consumers can tell a token from a clear value. */
    public static final String HASH_PREFIX = "hmac:";
    /** Prefix of ENCRYPT tokens: version 1 = AES-GCM, base64(nonce || ciphertext || tag). */
    public static final String ENCRYPT_PREFIX = "enc:v1:";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ThreadLocal<Mac> hmac;

    public Protection(byte[] hmacSecret) {
        SecretKeySpec key = new SecretKeySpec(hmacSecret, "HmacSHA256");
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    /** Applies MASK, HASH or ENCRYPT to a string ({@code encryptionKey} only for ENCRYPT). DROP is the caller's. */
    public String protect(PiiProtection protection, String value, String category, byte[] encryptionKey) {
        return switch (protection) {
            case MASK -> mask(value, category);
            case HASH -> hash(value);
            case ENCRYPT -> encrypt(value, encryptionKey);
            case DROP -> throw new IllegalArgumentException("DROP replaces the field, it does not transform it");
        };
    }

    /** {@code hmac:} + base64url(HMAC-SHA-256(secret, value)). */
    public String hash(String value) {
        byte[] digest = hmac.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HASH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** {@code enc:v1:} + base64(nonce || AES-GCM ciphertext and tag). */
    public static String encrypt(String value, byte[] key) {
        if (key == null) {
            throw new IllegalStateException("no encryption key configured for this product");
        }
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return ENCRYPT_PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The inverse of {@link #encrypt}, for consumers holding the key (and for tests). */
    public static String decrypt(String token, byte[] key) {
        try {
            byte[] bytes = Base64.getDecoder().decode(token.substring(ENCRYPT_PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt: wrong key or corrupted token", e);
        }
    }

    /**
     * Masks keeping a format hint: {@code jane.doe@example.com} → {@code j***@e***.com}; phone numbers keep their
     * last two digits; anything else keeps its first character.
     */
    public static String mask(String value, String category) {
        if (value.isEmpty()) {
            return value;
        }
        if ("EMAIL".equals(category) && value.indexOf('@') > 0) {
            int at = value.indexOf('@');
            String domain = value.substring(at + 1);
            int dot = domain.lastIndexOf('.');
            String tld = dot >= 0 ? domain.substring(dot) : "";
            return value.charAt(0) + "***@" + (domain.isEmpty() ? "" : domain.charAt(0) + "***") + tld;
        }
        if ("PHONE".equals(category) || "PAYMENT_CARD".equals(category) || "IBAN".equals(category)) {
            StringBuilder out = new StringBuilder(value.length());
            int digitsSeen = 0;
            long totalDigits = value.chars().filter(Character::isLetterOrDigit).count();
            for (char c : value.toCharArray()) {
                if (Character.isLetterOrDigit(c)) {
                    digitsSeen++;
                    out.append(digitsSeen > totalDigits - 2 || (c == '+' && digitsSeen == 1) ? c : '*');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return value.charAt(0) + "***";
    }
}
