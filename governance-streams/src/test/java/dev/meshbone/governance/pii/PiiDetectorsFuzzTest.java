package dev.meshbone.governance.pii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.Fuzz;
import dev.meshbone.schemas.PiiCategory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes the content scan with what a producer can put in a string: any chars (unpaired surrogates included), any
 * bytes (invalid UTF-8), huge strings, and runs of the characters the regexes care about, the inputs that make
 * backtracking regexes explode. It never throws, answers a known category when it finds one, finds in the UTF-8
 * bytes what it finds in their decoded string, and stays linear: a megabyte scans within seconds. Tries: see
 * {@link Fuzz}.
 */
@AddLifecycleHook(Fuzz.class)
class PiiDetectorsFuzzTest {

    /** A string of up to a few KB: milliseconds normally, so seconds only when something goes superlinear. */
    private static final Duration SMALL = Duration.ofSeconds(5);
    /** Up to 1 MB: linear scans take well under a second here; quadratic or exponential ones take hours. */
    private static final Duration HUGE = Duration.ofSeconds(20);

    @Property(tries = 1_500)
    void shouldScanAnyStringAndItsUtf8Alike(@ForAll("anyText") String text,
                                            @ForAll("allowances") Set<PiiCategory> allowed) throws Exception {
        Optional<PiiDetectors.Finding> found = Fuzz.within(SMALL, "scan", () -> PiiDetectors.scan(text, allowed));
        assertFinding(found, allowed);
        // The byte-range scan is the scan of the string its bytes decode to (unpaired surrogates are '?' in UTF-8).
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Fuzz.within(SMALL, "scanUtf8", () -> PiiDetectors.scanUtf8(utf8, 0, utf8.length, allowed)))
                .isEqualTo(PiiDetectors.scan(new String(utf8, StandardCharsets.UTF_8), allowed));
    }

    @Property(tries = 1_000)
    void shouldScanAnyBytesAsTheirDecodedString(@ForAll("anyBytes") byte[] bytes, @ForAll int from, @ForAll int to,
                                                @ForAll("allowances") Set<PiiCategory> allowed) throws Exception {
        // Any slice, invalid UTF-8 and cut multi-byte characters included; decoding replaces them with U+FFFD.
        int a = Math.floorMod(from, bytes.length + 1);
        int b = Math.floorMod(to, bytes.length + 1);
        int offset = Math.min(a, b);
        int length = Math.abs(a - b);
        Optional<PiiDetectors.Finding> found = Fuzz.within(SMALL, "scanUtf8",
                () -> PiiDetectors.scanUtf8(bytes, offset, length, allowed));
        assertFinding(found, allowed);
        assertThat(found).isEqualTo(PiiDetectors.scan(new String(bytes, offset, length, StandardCharsets.UTF_8),
                allowed));
    }

    /** Long runs of digits, '@', '.', '-' and their mixes: where backtracking regexes go exponential. */
    @Property(tries = 150)
    void shouldScanPathologicalRunsInBoundedTime(@ForAll("runs") String text,
                                                 @ForAll("allowances") Set<PiiCategory> allowed) throws Exception {
        Optional<PiiDetectors.Finding> found = Fuzz.within(HUGE, "scan of " + describe(text),
                () -> PiiDetectors.scan(text, allowed));
        assertFinding(found, allowed);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Fuzz.within(HUGE, "scanUtf8 of " + describe(text),
                () -> PiiDetectors.scanUtf8(utf8, 0, utf8.length, allowed))).isEqualTo(found);
    }

    /** 1 MB strings: random text of the patterns' alphabet, and findings buried at the end of it. */
    @Property(tries = 6)
    void shouldScanAMegabyteInBoundedTime(@ForAll("megabytes") String text) throws Exception {
        long started = System.nanoTime();
        Optional<PiiDetectors.Finding> found = Fuzz.within(HUGE, "scan of " + describe(text),
                () -> PiiDetectors.scan(text, Set.of()));
        assertFinding(found, Set.of());
        if (text.endsWith(" jane@example.com")) {
            // The finding at the end is found: the scan did not give up early on the megabyte before it.
            assertThat(found).map(PiiDetectors.Finding::category).isPresent();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HUGE);
    }

    private static void assertFinding(Optional<PiiDetectors.Finding> found, Set<PiiCategory> allowed) {
        found.ifPresent(f -> {
            PiiCategory category = PiiCategory.valueOf(f.category());
            assertThat(allowed).as("an allowed category was reported").doesNotContain(category);
            assertThat(f.detector()).isNotBlank();
        });
    }

    private static String describe(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 80) + "...' (" + text.length()
                + " chars)";
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.frequencyOf(
                // Every UTF-16 unit, unpaired surrogates included.
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(64)),
                Tuple.of(4, Arbitraries.strings().withChars("0123456789@.-+ ()_:/%AZaz\u00e9\ud800\udc00\uffff")
                        .ofMaxLength(64)),
                Tuple.of(2, Combinators.combine(Arbitraries.strings().ofMaxLength(20), Arbitraries.of(
                                "jane@example.com", "+33 6 12 34 56 78", "4111 1111 1111 1111", "GB82WEST12345698765432",
                                "078-05-1120", "192.168.10.42", "fe80::1ff:fe23:4567:890a"),
                        Arbitraries.strings().all().ofMaxLength(20)).as((a, p, b) -> a + p + b)),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(1_000).ofMaxLength(8_000)));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        // Bytes the UTF-8 decoder must repair: lone continuation bytes, cut sequences, overlongs, surrogates.
        Arbitrary<byte[]> broken = Arbitraries.of(new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0x80},
                        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0xaf},
                        new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xff},
                        "jane@example.com".getBytes(StandardCharsets.UTF_8),
                        "4111 1111 1111 1111".getBytes(StandardCharsets.UTF_8), "192.168.1.1".getBytes(
                                StandardCharsets.UTF_8), "0123456789".getBytes(StandardCharsets.UTF_8))
                .list().ofMaxSize(12).map(parts -> {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    parts.forEach(out::writeBytes);
                    return out.toByteArray();
                });
        return Arbitraries.oneOf(random, broken);
    }

    @Provide
    Arbitrary<String> runs() {
        Arbitrary<String> unit = Arbitraries.of("1", "@", ".", "-", "a", "1.", "1-", "a@", "a.", "a-", "+1 ", "1 ",
                "(1)", "A1", "::", "1:", "a1.", "1@", "@a.", "-1", "0 ", "+", "12.", "AB12 ", "a.b@", "1-1-", "f:");
        Arbitrary<String> edge = Arbitraries.of("", "x", "@", ".", "-", " ", "jane@example.com", "a", "1");
        return Combinators.combine(edge, unit, Arbitraries.integers().between(1, 60_000), edge)
                .as((before, u, n, after) -> before + u.repeat(n) + after);
    }

    @Provide
    Arbitrary<String> megabytes() {
        Arbitrary<String> random = Arbitraries.longs().map(seed -> {
            java.util.Random r = new java.util.Random(seed);
            String alphabet = "0123456789@.-+ ()_:/aAzZ";
            StringBuilder b = new StringBuilder(1 << 20);
            while (b.length() < 1 << 20) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return b.toString();
        });
        Arbitrary<String> repeated = Arbitraries.of("1", "a@", "a.", "1.", "1-", "@", "1 ", "a-", "-", ".")
                .map(u -> u.repeat((1 << 20) / u.length()));
        return Combinators.combine(Arbitraries.oneOf(random, repeated), Arbitraries.of("", " jane@example.com"))
                .as(String::concat);
    }

    @Provide
    Arbitrary<Set<PiiCategory>> allowances() {
        return Arbitraries.of(PiiCategory.values()).set().ofMaxSize(3)
                .map(s -> s.isEmpty() ? Set.of() : EnumSet.copyOf(s));
    }
}
