package dev.meshbone.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.schemas.PiiCategory;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The start signals only skip regexes that cannot match: on strings made of the characters the patterns care about,
 * {@link PiiDetectors#scan(String, Set)} finds exactly what running every detector would (with only the count gates
 * the detectors had before), and the byte-range scan of the UTF-8 finds the same as the string scan.
 */
class PiiDetectorsSignalsTest {

    @Property(tries = 20_000)
    void shouldFindWhatEveryDetectorWouldFind(@ForAll("texts") String text, @ForAll("allowances") Set<PiiCategory> allowed) {
        assertThat(PiiDetectors.scan(text, allowed)).isEqualTo(everyDetector(text, allowed));
    }

    @Property(tries = 5_000)
    void shouldFindTheSameInUtf8Bytes(@ForAll("texts") String text, @ForAll("allowances") Set<PiiCategory> allowed) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[utf8.length + 6];
        System.arraycopy(utf8, 0, framed, 3, utf8.length);
        assertThat(PiiDetectors.scanUtf8(framed, 3, utf8.length, allowed)).isEqualTo(PiiDetectors.scan(text, allowed));
    }

    @Provide
    Arbitrary<String> texts() {
        // The characters every pattern's first character and look-behind care about, a multi-byte one, and whole
        // findings and near misses to splice in.
        Arbitrary<String> chars = Arbitraries.strings().withChars("0123456789 -.+():@_/ABEGDFRTZabxz\u00e9")
                .ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> pieces = Arbitraries.of("jane@example.com", "+33 6 12 34 56 78", "(415) 555-2671",
                "06 12 34 56 78", "415-555-2671", "4111 1111 1111 1111", "378282246310005",
                "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "078-05-1120", "192.168.10.42",
                "fe80::1ff:fe23:4567:890a", "ORD-2026-0001234", "SKU-1234-5678", "2026-12-02", "v1.2.3.4", "");
        return Combinators.combine(chars, pieces, chars, pieces, chars)
                .as((a, p, b, q, c) -> a + p + b + q + c);
    }

    @Provide
    Arbitrary<Set<PiiCategory>> allowances() {
        return Arbitraries.of(PiiCategory.values()).set().ofMaxSize(3)
                .map(s -> s.isEmpty() ? Set.of() : EnumSet.copyOf(s));
    }

    /** The detectors as they ran before the start signals: every regex whose counts allow it. */
    private static Optional<PiiDetectors.Finding> everyDetector(String text, Set<PiiCategory> allowed) {
        if (text.length() < 7) {
            return Optional.empty();
        }
        long digits = text.chars().filter(Character::isDigit).filter(c -> c < 128).count();
        if (!allowed.contains(PiiCategory.EMAIL) && PiiDetectors.hasEmail(text)) {
            return finding("EMAIL", "email");
        }
        if (digits >= 13 && !allowed.contains(PiiCategory.PAYMENT_CARD) && PiiDetectors.hasCard(text)) {
            return finding("PAYMENT_CARD", "card-luhn");
        }
        if (digits >= 8 && !allowed.contains(PiiCategory.IBAN) && PiiDetectors.hasIban(text)) {
            return finding("IBAN", "iban-mod97");
        }
        if (!allowed.contains(PiiCategory.NATIONAL_ID) && PiiDetectors.hasSsn(text)) {
            return finding("NATIONAL_ID", "us-ssn");
        }
        if (digits >= 8 && !allowed.contains(PiiCategory.PHONE) && PiiDetectors.hasPhone(text)) {
            return finding("PHONE", "phone");
        }
        if (allowed.contains(PiiCategory.IP_ADDRESS)) {
            return Optional.empty();
        }
        if (PiiDetectors.hasIpv4(text)) {
            return finding("IP_ADDRESS", "ipv4");
        }
        return PiiDetectors.hasIpv6(text) ? finding("IP_ADDRESS", "ipv6") : Optional.empty();
    }

    private static Optional<PiiDetectors.Finding> finding(String category, String detector) {
        return Optional.of(new PiiDetectors.Finding(category, detector));
    }
}
