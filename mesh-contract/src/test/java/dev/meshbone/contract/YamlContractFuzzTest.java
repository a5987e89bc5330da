package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meshbone.contract.odcs.YamlContractReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzzes the ODCS YAML reader with the repository's example contracts, mutated line by line and byte by byte
 * (values replaced by junk, huge scalars, numbers out of range, deep nesting, alias bombs; truncations, bit flips,
 * invalid UTF-8), and with generated junk documents. Reading answers a draft, and loading a product or an
 * {@link InvalidContractException} with its problems, within a bound: never another exception (a YAML library's,
 * NPE, ClassCast, StackOverflowError), never a hang, never running out of memory. Tries: see {@link Fuzz}.
 */
@AddLifecycleHook(Fuzz.class)
class YamlContractFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final List<String> EXAMPLES = List.of(example("sales-orders.odcs.yaml"),
            example("customers-profiles.odcs.yaml"));
    /** The examples' Avro schemas sit next to the file under test, as the contracts reference them. */
    private static final Path DIR = workDir();
    private static final Path FILE = DIR.resolve("contract.odcs.yaml");

    /** The reader alone: no schema parsing, no CEL; fast, so many tries. */
    @Property(tries = 300)
    void shouldReadMutatedContractsOrReportTheirProblems(@ForAll("mutatedContracts") byte[] yaml) throws Exception {
        assertReadsOrReports(yaml, false);
    }

    @Property(tries = 200)
    void shouldReadGeneratedJunkOrReportItsProblems(@ForAll("junk") byte[] yaml) throws Exception {
        assertReadsOrReports(yaml, false);
    }

    /** Reader and model together (the Avro schema, the CEL rules, the policy), as {@code mesh contract check}. */
    @Property(tries = 100)
    void shouldLoadMutatedContractsOrReportTheirProblems(@ForAll("mutatedContracts") byte[] yaml) throws Exception {
        assertReadsOrReports(yaml, true);
    }

    /**
     * The costliest inputs, once each: a scalar just under the reader's 1 MB bound (SnakeYAML's scan of it is
     * quadratic: about a second), mappings nested 1 100 deep by indentation alone (about 600 KB), and the largest
     * billion laughs (aliases stay aliases: Jackson does not expand them).
     */
    @net.jqwik.api.Example
    void shouldReadTheCostliestInputsInBoundedTime() throws Exception {
        assertReadsOrReports(utf8("description: " + "x".repeat((1 << 20) - 100 - 14) + "\n"), false);
        assertReadsOrReports(indentedNesting(1_100), false);
        assertReadsOrReports(billionLaughs(30), false);
    }

    private static void assertReadsOrReports(byte[] yaml, boolean load) throws Exception {
        Files.write(FILE, yaml);
        String input = describe(yaml);
        Throwable thrown = catchThrowable(() -> Fuzz.within(BOUND, (load ? "loading " : "reading ") + input,
                () -> load ? DataProduct.fromYaml(FILE) : YamlContractReader.read(FILE)));
        if (thrown == null) {
            return; // a draft or a product: nothing more to ask of junk that happens to be a contract
        }
        // Exactly the documented exception, with every problem named: no library's or JVM's exception leaks.
        assertThat(thrown).as(input).isExactlyInstanceOf(InvalidContractException.class);
        InvalidContractException invalid = (InvalidContractException) thrown;
        assertThat(invalid.problems()).as(input).isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(p.field()).isNotBlank();
                    assertThat(p.message()).isNotBlank();
                });
        assertThat(invalid.getMessage()).as(input).contains("is not valid");
    }

    // ---------------------------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<byte[]> mutatedContracts() {
        Arbitrary<List<LineEdit>> lineEdits = Combinators.combine(Arbitraries.of(LineEdit.Kind.values()),
                Arbitraries.integers().greaterOrEqual(0), junkValue()).as(LineEdit::new).list().ofMaxSize(4);
        Arbitrary<List<ByteEdit>> byteEdits = Combinators.combine(Arbitraries.of(ByteEdit.Kind.values()),
                        Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6))
                .as(ByteEdit::new).list().ofMaxSize(3);
        // Values the reader interprets (numbers, paths, enums) are where junk is most likely to leak exceptions: one
        // of them, chosen by the line it is on, is replaced as often as any line.
        Arbitrary<java.util.Optional<Tuple.Tuple2<String, String>>> targeted = Combinators.combine(
                Arbitraries.of("apiVersion:", "kind:", "version:", "status:", "domain:", "dataProduct:", "tags:",
                        "value: sales-orders.avsc", "value: customers-profiles.avsc", "value: 15", "value: 1",
                        "value: 0.001", "unit:", "value: BACKWARD", "value: FULL", "EMAIL: HASH", "severity:",
                        "classification:", "implementation:", "url:", "name:", "engine:", "type:", "property:",
                        "description:", "team:", "support:", "schema:", "quality:", "slaProperties:",
                        "customProperties:"), junkValue()).as(Tuple::of).optional(0.5);
        return Combinators.combine(Arbitraries.of(EXAMPLES), targeted, lineEdits, byteEdits)
                .as((example, target, lines, bytes) -> {
            List<String> text = new ArrayList<>(Arrays.asList(example.split("\n", -1)));
            target.ifPresent(t -> {
                for (int i = 0; i < text.size(); i++) {
                    int key = text.get(i).indexOf(t.get1());
                    if (key >= 0) {
                        int colon = text.get(i).indexOf(':', key);
                        text.set(i, text.get(i).substring(0, colon + 1) + " " + t.get2());
                        break;
                    }
                }
            });
            lines.forEach(e -> e.apply(text));
            byte[] out = String.join("\n", text).getBytes(StandardCharsets.UTF_8);
            for (ByteEdit e : bytes) {
                out = e.apply(out);
            }
            return out;
        });
    }

    /** What a value in a contract can be replaced with. */
    private static Arbitrary<String> junkValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20).map(YamlContractFuzzTest::quoted)),
                Tuple.of(3, Arbitraries.of("~", "null", "[]", "{}", "[a, b]", "{a: 1}", "''", "\"\"", "-1", "0",
                        "99999999999", "999999999999999999999999", "1e400", "-1e400", ".nan", ".inf", "-.inf",
                        "0x7fffffffffffffff", "!!binary AAAA", "!!binary ==", "!!int x", "!!float y", "!!str", "&a x",
                        "*a", "*undefined", "<<: *a", "? [a]", "'unterminated", "\"\\u0000\"", "\"\\0\"",
                        "\"a\\x00b\"", "v99999999999.0.0", "99999999999.0.0", "2147483648", "-2147483649", "|",
                        ">-", "@x", "`x", "%TAG", "---", "...", "\t", "!!map []", "!!seq {}", "!<tag:x> y",
                        "2026-13-45", "true", "yes", "NO", "!!timestamp 2026-99-99")),
                // Jackson refuses nesting beyond 1000 levels: both sides of that bound.
                Tuple.of(1, Arbitraries.integers().between(100, 3_000).map(n -> "[".repeat(n) + "]".repeat(n))),
                Tuple.of(1, Arbitraries.integers().between(100, 3_000).map(n -> "{a: ".repeat(n) + "}".repeat(n))),
                Tuple.of(1, Arbitraries.integers().between(100, 3_000).map(n -> "- ".repeat(n) + "x")),
                Tuple.of(1, Arbitraries.integers().between(1_000, 100_000).map("x"::repeat)));
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(300).map(YamlContractFuzzTest::utf8)),
                Tuple.of(2, junkValue().map(v -> utf8("apiVersion: v3.1.0\nkind: DataContract\nschema: " + v + "\n"))),
                Tuple.of(1, Arbitraries.integers().between(900, 3_000).map(n -> utf8("[".repeat(n)))),
                Tuple.of(1, Arbitraries.integers().between(900, 3_000).map(n -> utf8("- ".repeat(n) + "x\n"))),
                Tuple.of(1, Arbitraries.integers().between(10, 400).map(YamlContractFuzzTest::indentedNesting)),
                Tuple.of(1, Arbitraries.integers().between(3, 12).map(YamlContractFuzzTest::billionLaughs)),
                // Over the reader's 1 MB bound (and SnakeYAML's 3 MB code point limit).
                Tuple.of(1, Arbitraries.integers().between((1 << 20) + 1, 4 << 20).map(n -> utf8("description: "
                        + "x".repeat(n - 14) + "\n"))),
                Tuple.of(1, Arbitraries.of(new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc3, 0x28},
                        new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, new byte[0], new byte[] {0},
                        utf8("\u0000\u0001\u0002"), utf8("%YAML 9.9\n---\na: 1"), utf8("--- !!python/object x"),
                        utf8("a: &x [*x]"), utf8("? a\n? a\n"), utf8("a: 1\na: 2\n"), utf8("---\n---\n---\n"))));
    }

    /** Block mappings nested {@code n} deep by indentation alone. */
    private static byte[] indentedNesting(int n) {
        StringBuilder b = new StringBuilder("apiVersion: v3.1.0\ndescription:\n");
        for (int i = 1; i <= n; i++) {
            b.append(" ".repeat(i)).append("k:\n");
        }
        return utf8(b.append(" ".repeat(n + 1)).append("x\n").toString());
    }

    /** The "billion laughs": each level aliases the one before ten times. */
    private static byte[] billionLaughs(int levels) {
        StringBuilder b = new StringBuilder("apiVersion: v3.1.0\nkind: DataContract\na0: &a0 [\"lol\"]\n");
        for (int i = 1; i <= levels; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        b.append("tags: *a").append(levels).append("\ndescription: *a").append(levels).append('\n');
        return utf8(b.toString());
    }

    /** Changes one line of a contract (indices modulo the line count). */
    record LineEdit(Kind kind, int at, String value) {
        enum Kind { REPLACE_VALUE, DELETE, DUPLICATE, SWAP_WITH_NEXT, INDENT, DEDENT, INSERT_LINE }

        void apply(List<String> lines) {
            if (lines.isEmpty()) {
                return;
            }
            int i = at % lines.size();
            String line = lines.get(i);
            switch (kind) {
                case REPLACE_VALUE -> {
                    int colon = line.indexOf(": ");
                    int dash = line.indexOf("- ");
                    int cut = colon >= 0 ? colon + 2 : dash >= 0 ? dash + 2 : line.length();
                    lines.set(i, line.substring(0, cut) + value);
                }
                case DELETE -> lines.remove(i);
                case DUPLICATE -> lines.add(i, line);
                case SWAP_WITH_NEXT -> {
                    if (i + 1 < lines.size()) {
                        lines.set(i, lines.get(i + 1));
                        lines.set(i + 1, line);
                    }
                }
                case INDENT -> lines.set(i, "  " + line);
                case DEDENT -> lines.set(i, line.stripLeading());
                case INSERT_LINE -> lines.add(i, value);
            }
        }
    }

    /** Changes the bytes of a contract: truncation, bit flip, insertion (invalid UTF-8 among it), deletion. */
    record ByteEdit(Kind kind, int at, byte[] bytes) {
        enum Kind { TRUNCATE, FLIP_BIT, INSERT, INSERT_INVALID_UTF8, DELETE }

        byte[] apply(byte[] in) {
            int n = in.length;
            int pos = at % (n + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(n + 8);
            switch (kind) {
                case TRUNCATE -> out.write(in, 0, pos);
                case FLIP_BIT -> {
                    out.writeBytes(in);
                    byte[] b = out.toByteArray();
                    if (n > 0) {
                        b[at % n] ^= (byte) (1 << (bytes[0] & 7));
                    }
                    return b;
                }
                case INSERT -> {
                    out.write(in, 0, pos);
                    out.writeBytes(bytes);
                    out.write(in, pos, n - pos);
                }
                case INSERT_INVALID_UTF8 -> {
                    out.write(in, 0, pos);
                    byte[][] invalid = {{(byte) 0xc3, 0x28}, {(byte) 0xff}, {(byte) 0x80},
                            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}};
                    out.writeBytes(invalid[(bytes[0] & 0xff) % invalid.length]);
                    out.write(in, pos, n - pos);
                }
                case DELETE -> {
                    int len = Math.min(bytes.length, n - pos);
                    out.write(in, 0, pos);
                    out.write(in, pos + len, n - pos - len);
                }
            }
            return out.toByteArray();
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String example(String name) {
        try {
            return Files.readString(YamlContractTest.contract(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path workDir() {
        try {
            Path dir = Files.createTempDirectory("yaml-contract-fuzz-");
            dir.toFile().deleteOnExit();
            for (String avsc : List.of("sales-orders.avsc", "customers-profiles.avsc")) {
                Files.copy(YamlContractTest.contract(avsc), dir.resolve(avsc));
                dir.resolve(avsc).toFile().deleteOnExit();
            }
            dir.resolve("contract.odcs.yaml").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input for failure messages: whole when short, else its start and size. */
    private static String describe(byte[] yaml) {
        String text = new String(yaml, 0, Math.min(yaml.length, 600), StandardCharsets.UTF_8);
        return yaml.length <= 600 ? "<<" + text + ">>" : "<<" + text + "...>> (" + yaml.length + " bytes)";
    }
}
