package dev.meshbone.governance.pii;

import dev.meshbone.schemas.PiiCategory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in free text: e-mail addresses, phone numbers, payment card numbers (Luhn-checked, known
 * issuer prefixes and lengths), IBANs (country length and mod-97 checked), US social security numbers and IP
 * addresses. Tuned for few false positives on the strings that fill non-personal fields (SKUs, UUIDs, timestamps,
 * amounts, URLs, version numbers): each pattern is anchored on token boundaries and validated beyond the regex.
 * Cheap pre-checks skip the regexes for most strings. Stateless and thread-safe.
 */
public final class PiiDetectors {

    /** What was found: a category name as in {@link dev.meshbone.schemas.PiiCategory}. Never carries the value. */
    public record Finding(String category, String detector) {
    }

    // At most 30 labels before the top-level domain: java.util.regex recurses once per repetition of a group, so an
    // unbounded one overflows the stack on "a@b" followed by thousands of ".1" (and no address has that many).
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?){0,30}\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])");
    // International: +CC then 6-14 digits in groups. National: a leading 0 or a (area) and 2-4 digit groups.
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+.-])(?<!\\d )(?:\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){2,5}"
                    + "|\\(\\d{3}\\)[ .-]?\\d{3}[ .-]\\d{4}"
                    + "|0\\d{1,4}(?:[ .-]\\d{2,4}){2,4}"
                    + "|\\d{3}[.-]\\d{3}[.-]\\d{4})(?![\\w.-])");
    private static final Pattern CARD = Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])");
    private static final Pattern IBAN = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])");
    private static final Pattern SSN = Pattern.compile("(?<![\\w-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\w-])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w.])");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\\w:])"
                    + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}(?![\\w:])");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}[-./]\\d{2}[-./]\\d{2}|\\d{2}[-./]\\d{2}[-./]\\d{4}");

    /** IBAN length by country (ISO 13616 registry, the common ones). */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("CH", 21),
            Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GR", 27),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27),
            Map.entry("MT", 31), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("RO", 24), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27),
            Map.entry("TR", 26), Map.entry("AE", 23), Map.entry("SA", 24), Map.entry("BR", 29), Map.entry("IL", 23));

    private PiiDetectors() {
    }

    /** The first kind of personal data found in the text, if any. */
    public static Optional<Finding> scan(String text) {
        return scan(text, Set.of());
    }

    /**
     * The first kind of personal data found in the text, if any, ignoring the allowed categories (a field's
     * {@code "pii.allow"}): their detectors do not run, so the other categories are still looked for.
     */
    public static Optional<Finding> scan(String text, Set<PiiCategory> allowed) {
        if (text == null || text.length() < 7) {
            return Optional.empty(); // nothing we detect fits in fewer characters (a.b.c.d is 7)
        }
        Signals signals = new Signals();
        for (int i = 0; i < text.length(); i++) {
            boolean ahead = i + 3 < text.length();
            signals.next(text.charAt(i), ahead ? text.charAt(i + 1) : 0, ahead ? text.charAt(i + 2) : 0,
                    ahead ? text.charAt(i + 3) : 0);
        }
        return signals.anyDetectorCanMatch(allowed) ? detect(text, signals, allowed) : Optional.empty();
    }

    /**
     * {@link #scan(String, Set)} of a UTF-8 string held in a byte range, such as an Avro value in a record's bytes:
     * the string is built only when the signals say a detector could match. The signals are the same as the
     * characters': every byte of a multi-byte character is 0x80 or above, outside every class they look at.
     */
    public static Optional<Finding> scanUtf8(byte[] bytes, int offset, int length, Set<PiiCategory> allowed) {
        if (length < 7) {
            return Optional.empty();
        }
        int end = offset + length;
        if (!mayHoldAny(bytes, offset, end)) {
            return Optional.empty();
        }
        Signals signals = new Signals();
        for (int i = offset; i < end; i++) {
            boolean ahead = i + 3 < end;
            signals.next((char) (bytes[i] & 0xff), ahead ? (char) (bytes[i + 1] & 0xff) : 0,
                    ahead ? (char) (bytes[i + 2] & 0xff) : 0, ahead ? (char) (bytes[i + 3] & 0xff) : 0);
        }
        return signals.anyDetectorCanMatch(allowed)
                ? scan(new String(bytes, offset, length, StandardCharsets.UTF_8), allowed) : Optional.empty();
    }

    /**
     * Every detector needs an '@', a ':' or at least four digits (a.b.c.d): most strings (names, SKUs with few digits,
     * cities) have none, and one tight pass over their bytes settles it.
     */
    private static boolean mayHoldAny(byte[] bytes, int offset, int end) {
        int digits = 0;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '@' || b == ':' || (b >= '0' && b <= '9' && ++digits >= 4)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Finding> detect(String text, Signals s, Set<PiiCategory> allowed) {
        if (s.at && !allowed.contains(PiiCategory.EMAIL) && hasEmail(text)) {
            return Optional.of(new Finding("EMAIL", "email"));
        }
        if (s.card() && !allowed.contains(PiiCategory.PAYMENT_CARD) && hasCard(text)) {
            return Optional.of(new Finding("PAYMENT_CARD", "card-luhn"));
        }
        if (s.iban() && !allowed.contains(PiiCategory.IBAN) && hasIban(text)) {
            return Optional.of(new Finding("IBAN", "iban-mod97"));
        }
        if (s.ssn() && !allowed.contains(PiiCategory.NATIONAL_ID) && hasSsn(text)) {
            return Optional.of(new Finding("NATIONAL_ID", "us-ssn"));
        }
        if (s.phone() && !allowed.contains(PiiCategory.PHONE) && hasPhone(text)) {
            return Optional.of(new Finding("PHONE", "phone"));
        }
        if (allowed.contains(PiiCategory.IP_ADDRESS)) {
            return Optional.empty();
        }
        if (s.ipv4() && hasIpv4(text)) {
            return Optional.of(new Finding("IP_ADDRESS", "ipv4"));
        }
        if (s.colon && hasIpv6(text)) {
            return Optional.of(new Finding("IP_ADDRESS", "ipv6"));
        }
        return Optional.empty();
    }

    /**
     * What one pass over the characters tells about which detectors can match at all: counts, and whether a match
     * of each pattern could start anywhere (its first character, not preceded by what its look-behind forbids).
     * Each is a necessary condition of its regex, so skipping a detector without it never misses a finding; most
     * identifiers (ORD-2026-0001234, SKU-1234-5678) start no match, and no regex runs on them.
     */
    private static final class Signals {
        int digits;
        boolean at;
        boolean colon;
        boolean dash;
        boolean dot;
        boolean digitStart; // a digit not after [\w-]: cards, SSNs
        boolean phoneStart; // +, ( or a digit not after [\w+.-] nor after "<digit> "
        boolean ipv4Start; // a digit not after [\w.]
        boolean ibanStart; // [A-Z]{2}\d{2} not after [A-Za-z0-9]
        private char previous;
        private char beforePrevious;

        void next(char c, char next1, char next2, char next3) {
            char p = previous;
            boolean digit = c >= '0' && c <= '9';
            if (digit) {
                digits++;
                digitStart |= !isWord(p) && p != '-';
                ipv4Start |= !isWord(p) && p != '.';
            } else if (c == '@') {
                at = true;
            } else if (c == ':') {
                colon = true;
            } else if (c == '-') {
                dash = true;
            } else if (c == '.') {
                dot = true;
            } else if (c >= 'A' && c <= 'Z') {
                ibanStart |= !isAlnum(p) && next1 >= 'A' && next1 <= 'Z' && isDigit(next2) && isDigit(next3);
            }
            if ((digit || c == '+' || c == '(') && !isWord(p) && p != '+' && p != '.' && p != '-'
                    && !(p == ' ' && isDigit(beforePrevious))) {
                phoneStart = true;
            }
            beforePrevious = p;
            previous = c;
        }

        boolean card() {
            return digits >= 13 && digitStart;
        }

        boolean iban() {
            return digits >= 8 && ibanStart;
        }

        boolean ssn() {
            return (digits == 9 || (digits > 9 && dash)) && digitStart;
        }

        boolean phone() {
            return digits >= 8 && phoneStart;
        }

        boolean ipv4() {
            return digits >= 4 && dot && ipv4Start;
        }

        boolean anyDetectorCanMatch(Set<PiiCategory> allowed) {
            return at || card() || iban() || ssn() || phone() || (ipv4() || colon) && !allowed.contains(
                    PiiCategory.IP_ADDRESS);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isAlnum(char c) {
            return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }

        /** Java regex's {@code \w} without UNICODE_CHARACTER_CLASS. */
        private static boolean isWord(char c) {
            return isAlnum(c) || c == '_';
        }
    }

    static boolean hasEmail(String text) {
        return EMAIL.matcher(text).find();
    }

    static boolean hasIpv6(String text) {
        return IPV6.matcher(text).find();
    }

    static boolean hasCard(String text) {
        Matcher m = CARD.matcher(text);
        while (m.find()) {
            String number = m.group().replace(" ", "").replace("-", "");
            if (plausibleCardNumber(number) && luhn(number)) {
                return true;
            }
        }
        return false;
    }

    /** Issuer prefix and length of the major schemes; rules out epoch timestamps and order numbers. */
    static boolean plausibleCardNumber(String n) {
        int len = n.length();
        int two = Integer.parseInt(n.substring(0, 2));
        int four = Integer.parseInt(n.substring(0, 4));
        return switch (n.charAt(0)) {
            case '4' -> len == 16 || len == 19; // Visa (13-digit cards are long gone; EAN-13 codes are not cards)
            case '5' -> two >= 51 && two <= 55 && len == 16; // Mastercard
            case '2' -> four >= 2221 && four <= 2720 && len == 16; // Mastercard 2-series
            case '3' -> ((two == 34 || two == 37) && len == 15) // Amex
                    || ((two == 36 || two == 38 || two == 30) && len == 14) // Diners
                    || (two == 35 && len >= 16 && len <= 19); // JCB
            case '6' -> (four == 6011 || two == 65) && (len == 16 || len == 19); // Discover
            default -> false;
        };
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    static boolean hasIban(String text) {
        Matcher m = IBAN.matcher(text);
        while (m.find()) {
            String iban = m.group().replace(" ", "");
            Integer expected = IBAN_LENGTHS.get(iban.substring(0, 2));
            if (expected != null && expected == iban.length() && mod97(iban)) {
                return true;
            }
        }
        return false;
    }

    static boolean mod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        StringBuilder numeric = new StringBuilder(rearranged.length() * 2);
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    static boolean hasSsn(String text) {
        Matcher m = SSN.matcher(text);
        while (m.find()) {
            int area = Integer.parseInt(m.group(1));
            int group = Integer.parseInt(m.group(2));
            int serial = Integer.parseInt(m.group(3));
            // Never issued: area 000, 666 or 900-999; group 00; serial 0000.
            if (area != 0 && area != 666 && area < 900 && group != 0 && serial != 0) {
                return true;
            }
        }
        return false;
    }

    static boolean hasPhone(String text) {
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            String candidate = m.group();
            long digits = candidate.chars().filter(Character::isDigit).count();
            // A national number (leading 0, not 00) has at most 11 digits; longer runs are account or batch numbers.
            boolean national = candidate.startsWith("0") && !candidate.startsWith("00");
            if (digits >= 9 && digits <= (national ? 11 : 15) && !DATE_LIKE.matcher(candidate).find()) {
                return true;
            }
        }
        return false;
    }

    static boolean hasIpv4(String text) {
        Matcher m = IPV4.matcher(text);
        while (m.find()) {
            boolean valid = true;
            for (int g = 1; g <= 4 && valid; g++) {
                String octet = m.group(g);
                valid = Integer.parseInt(octet) <= 255 && (octet.length() == 1 || octet.charAt(0) != '0');
            }
            // Version strings such as 1.2.3.4 read like addresses; real traffic rarely has a first octet of 0.
            if (valid && !m.group(1).equals("0")) {
                return true;
            }
        }
        return false;
    }
}
