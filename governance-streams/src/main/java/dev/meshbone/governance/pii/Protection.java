package dev.meshbone.governance.pii;

import dev.meshbone.events.PiiProtection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a personal value into what the public topic may carry. HASH is HMAC-SHA-256 (keyed and deterministic, so
 * equal inputs give equal tokens and joins keep working: a hash is a pseudonym, and forgetting a subject does not
 * unlink it); MASK keeps a hint of the format. ENCRYPT is under the data subject's own key
 * ({@code SubjectCipher} in mesh-contract, applied by {@link RecordPlan}). Thread-safe: the JCA objects are per
 * thread.
 */
public final class Protection {

    /** Prefix of HASH tokens, so consumers can tell a token from a clear value. */
    public static final String HASH_PREFIX = "hmac:";
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

    /** Applies MASK or HASH to a string. ENCRYPT needs the subject's key and DROP replaces: both are the caller's. */
    public String protect(PiiProtection protection, String value, String category) {
        return switch (protection) {
            case MASK -> mask(value, category);
            case HASH -> hash(value);
            case ENCRYPT, DROP -> throw new IllegalArgumentException(protection + " is not a transformation of the "
                    + "value alone");
        };
    }

    /** {@code hmac:} + base64url(HMAC-SHA-256(secret, value)). */
    public String hash(String value) {
        byte[] digest = hmac.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HASH_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
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
