package dev.meshbone.governance.envelope;

import static dev.meshbone.governance.Fixtures.INGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.meshbone.contract.Fuzz;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.contract.ContractIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Fuzzes check 1, the {@link IngressDeserializer}: valid framed records of the example schemas (and of a recursive
 * one, for deep nesting), mutated (truncated, bits flipped, bytes inserted, deleted or overwritten, schema id
 * changed, huge length prefixes spliced in, records concatenated), and junk. Whatever the bytes, it answers within a
 * bound, never throws (the lookup here never fails), keeps the bytes unchanged, reads exactly what Avro reads, and
 * refuses everything else with a precise code and a message saying what is wrong. Tries: see {@link Fuzz}.
 */
@AddLifecycleHook(Fuzz.class)
class EnvelopeFuzzTest {

    /** A try's bound: generous for a busy 2-core machine; a hang or a quadratic walk takes far longer. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** A linked list of records: the only way Avro values nest without bound. */
    static final Schema NODE = new Schema.Parser().parse("""
            {"type": "record", "name": "Node", "namespace": "fuzz", "fields": [
              {"name": "label", "type": "string"},
              {"name": "next", "type": ["null", "fuzz.Node"], "default": null}]}""");
    static final long NODE_ID = 77;
    /** How deep the walk lets records nest (AvroCursor.MAX_DEPTH). */
    static final int MAX_DEPTH = 100;
    private static final long[] KNOWN_IDS = {Fixtures.ORDER_ID, Fixtures.PROFILE_ID, Fixtures.ORDER_WITH_NOTE_ID,
            Fixtures.ORDER_TOTAL_AS_STRING_ID, Fixtures.ORDER_WITH_NONE_TEXT_ID,
            Fixtures.ORDER_ALLOWING_EMAIL_IN_NOTES_ID, NODE_ID};

    private static final Fixtures.MapSchemaLookup SCHEMAS = Fixtures.schemas()
            .register(NODE_ID, "fuzz", "nodes", "1", NODE);
    private static final ContractIndex CONTRACTS = contracts();
    /** The envelope before any contract is known, and with sales.orders' contract in force (its program walks). */
    private static final IngressDeserializer VALIDATOR = new IngressDeserializer(SCHEMAS);
    private static final IngressDeserializer WITH_CONTRACT = new IngressDeserializer(SCHEMAS, CONTRACTS::programFor);

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ContractIndex contracts() {
        ContractIndex index = new ContractIndex();
        index.put(Fixtures.ordersDescriptor().build());
        return index;
    }

    // ---------------------------------------------------------------------------------------------- properties

    @Property(tries = 2_000)
    void shouldReadOrPreciselyRefuseMutatedRecords(@ForAll("records") byte[] valid,
                                                   @ForAll("mutations") List<Mutation> mutations,
                                                   @ForAll boolean withContract) throws Exception {
        byte[] bytes = valid;
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        check(bytes, withContract);
    }

    @Property(tries = 1_000)
    void shouldReadOrPreciselyRefuseJunk(@ForAll("junk") byte[] bytes, @ForAll boolean withContract) throws Exception {
        check(bytes, withContract);
    }

    /**
     * A varint claiming 2 GB (or far more) for a string, bytes, array or map where a length or count is read, or
     * anywhere else: refused, and the reading allocates about nothing (no buffer of the claimed size).
     */
    @Property(tries = 500)
    void shouldNotAllocateWhatHugeLengthPrefixesClaim(@ForAll("records") byte[] valid,
                                                      @ForAll @IntRange(min = 0, max = 400) int at,
                                                      @ForAll("hugeVarints") byte[] varint,
                                                      @ForAll boolean replace, @ForAll boolean withContract)
            throws Exception {
        // At offset 5 the first field's length sits in every example schema; elsewhere a length or count is hit
        // whenever the offset is a value's start.
        int pos = at < 50 ? IngressDeserializer.HEADER_SIZE : Math.min(at, valid.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, pos);
        out.write(varint);
        int rest = replace ? Math.min(valid.length, pos + varintLength(valid, pos)) : pos;
        out.write(valid, rest, valid.length - rest);
        byte[] bytes = out.toByteArray();

        Outcome outcome = check(bytes, withContract);

        // The envelope reads in place: a little bookkeeping (the walk, a message), never the claimed size.
        assertThat(outcome.allocated()).as("bytes allocated reading %s", hex(bytes))
                .isLessThan(1_000_000L + 16L * bytes.length);
    }

    /**
     * Records of a recursive schema nested up to 200 000 deep (2 bytes a level): read up to the walk's bound,
     * refused beyond it; never a StackOverflowError, in the walk or in Avro's decoder afterwards.
     */
    @Property(tries = 100)
    void shouldReadOrPreciselyRefuseDeeplyNestedRecords(@ForAll("depths") int depth,
                                                        @ForAll boolean complete) throws Exception {
        byte[] bytes = nested(depth, complete);

        Outcome outcome = check(bytes, false);

        if (!complete) {
            assertThat(outcome.envelope()).isInstanceOf(Unreadable.class);
        } else if (depth <= MAX_DEPTH) {
            assertThat(outcome.envelope()).isInstanceOf(IngressRecord.class);
        } else {
            // Refused before the walk (or Avro's decoder, on what the walk admits) overflows the stack.
            assertThat(outcome.envelope()).isInstanceOfSatisfying(Unreadable.class, u -> assertThat(u.message())
                    .contains("nests records more than " + MAX_DEPTH + " deep"));
        }
    }

    /**
     * Found by a long run: an array block count of -2^63 (whose negation is itself) ends the array for Avro's reader,
     * while the walk read on and admitted the record; Avro could not read it. Refused now.
     */
    @Example
    void shouldRefuseABlockCountWithoutPositiveCount() throws Exception {
        byte[] bytes = HexFormat.of().parseHex("000000000b66e0a080e0a080e0a080e0a080e0a29fe68b8eec9a89eca590e38ba9e3ada6ed87a5e4bcaee49188e2bdbc"
                + "eb9eaae4b59ae7ab9a08432d37377ee0a080e0a080e0a080e0a080e0a29fe68b8eec9a89eca590e38ba9e3ada6ed87a5"
                + "e4bcaee49188e2bdbceb9eaae4b59ae7ab9a406578616d706c652e636fffffffffffffffffffff016d0210534b552d31"
                + "30343224547261696c2072756e6e696e672073686f65027cb99e91f8fe1267007cb99e91f8fe12674ee5b98de2be9de6"
                + "81aae9849ee685bccea7eb968ee98dbeea8d98d09ae1a987e8be8ac9bde8b8b42e313220527565206465206c61205265"
                + "7075626c69717565084c796f6e0a36393030320446520080a0abfef962");

        Outcome outcome = check(bytes, true);

        assertThat(outcome.envelope()).isInstanceOfSatisfying(Unreadable.class, u -> assertThat(u.message())
                .contains("a block count of " + Long.MIN_VALUE));
    }

    @Example
    void shouldRefuseNoValueAsMalformed() throws Exception {
        Envelope envelope = Fuzz.within(BOUND, "null", () -> VALIDATOR.deserialize(INGRESS, null));
        assertThat(envelope).isInstanceOfSatisfying(Unreadable.class, u -> {
            assertThat(u.code()).isEqualTo(ViolationCode.MALFORMED_RECORD);
            assertThat(u.message()).isEqualTo("the record has no value");
            assertThat(u.raw()).isNull();
        });
    }

    // ------------------------------------------------------------------------------------------------ the oracle

    record Outcome(Envelope envelope, long allocated) {
    }

    /** Reads the bytes and checks everything that must hold of the answer, whatever the bytes. */
    private static Outcome check(byte[] bytes, boolean withContract) throws Exception {
        byte[] copy = bytes.clone();
        IngressDeserializer deserializer = withContract ? WITH_CONTRACT : VALIDATOR;
        Outcome outcome = Fuzz.within(BOUND, "reading " + hex(bytes), () -> {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            Envelope e = deserializer.deserialize(INGRESS, bytes);
            return new Outcome(e, THREADS.getCurrentThreadAllocatedBytes() - before);
        });
        Envelope envelope = outcome.envelope();
        String input = hex(bytes);

        assertThat(envelope).as(input).isNotNull();
        // Quarantine gets the bytes as they came: the same content, and the input itself is left alone.
        assertThat(envelope.raw()).as(input).isEqualTo(copy);
        assertThat(bytes).as(input).isEqualTo(copy);

        boolean framed = bytes.length >= IngressDeserializer.HEADER_SIZE && bytes[0] == IngressDeserializer.MAGIC;
        Long id = framed ? ByteBuffer.wrap(bytes, 1, 4).getInt() & 0xffffffffL : null;
        Schema schema = id == null ? null : schemaOf(id);

        if (envelope instanceof IngressRecord record) {
            assertThat(schema).as("admitted with an unknown schema: %s", input).isNotNull();
            assertThat(record.schema().globalId()).as(input).isEqualTo(id);
            // What check 1 admits, Avro's own decoder reads, to the last byte.
            assertThat(avroReadsExactly(schema, bytes)).as("admitted, but Avro does not read it: %s", input).isTrue();
            return outcome;
        }
        Unreadable refused = (Unreadable) envelope;
        assertThat(refused.code()).as(input).isNotNull();
        assertThat(refused.message()).as(input).isNotBlank()
                // The catch-all: a RuntimeException the reader did not expect, i.e. a bug the bytes found.
                .doesNotStartWith("the record cannot be read:");
        assertThat(refused.schemaId()).as(input).isEqualTo(id);
        if (!framed) {
            assertThat(refused.code()).as(input).isEqualTo(ViolationCode.MALFORMED_RECORD);
            assertThat(refused.message()).as(input).contains(bytes.length == 0 ? "no value" : "not an Apicurio Avro record");
        } else if (schema == null) {
            assertThat(refused.code()).as(input).isEqualTo(ViolationCode.UNKNOWN_SCHEMA);
            assertThat(refused.message()).as(input).contains("global id " + id);
        } else {
            assertThat(refused.code()).as(input).isEqualTo(ViolationCode.MALFORMED_RECORD);
            // Names the writer schema, and what went wrong where (a byte offset, or the bytes left over).
            assertThat(refused.message()).as(input).contains("cannot be decoded with its writer schema")
                    .contains("(global id " + id + ")").containsPattern("at byte \\d+|bytes left over");
        }
        return outcome;
    }

    private static Schema schemaOf(long id) {
        return SCHEMAS.byGlobalId(id) instanceof SchemaAnswer.Known known ? known.schema().schema() : null;
    }

    private static boolean avroReadsExactly(Schema schema, byte[] framed) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, 5, framed.length - 5, null);
            new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
            return decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // -------------------------------------------------------------------------------------------- the generators

    @Provide
    Arbitrary<byte[]> records() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().ofMaxLength(24)),
                // Every char, unpaired surrogates included (Avro writes them as '?').
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(24)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("jane@example.com", "+33 6 12 34 56 78",
                        "4111 1111 1111 1111", "GB82WEST12345698765432", "", "caf\u00e9 \u2603 \ud83d\ude00")),
                // Huge values (a piece repeated: generating 300 000 random chars one by one is slow).
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.integers().between(5_000, 40_000)).as(String::repeat)));
        Arbitrary<Double> totals = Arbitraries.doubles().withSpecialValue(Double.NaN)
                .withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(-0.0);
        Arbitrary<String> places = Arbitraries.of("notes", "remarks[]", "labels{}", "gift.message", "reference");
        return Combinators.combine(Arbitraries.integers().between(0, 5), text, text, totals, places)
                .as((kind, a, b, total, place) -> switch (kind) {
                    case 0 -> Fixtures.frame(Fixtures.ORDER_ID, Fixtures.order(a, total, b, a + "@example.com"));
                    case 1 -> Fixtures.frame(Fixtures.ORDER_WITH_NOTE_ID,
                            Fixtures.order(Fixtures.ORDER_WITH_NOTE, a, total, "EUR", b));
                    case 2 -> Fixtures.frame(Fixtures.ORDER_WITH_NONE_TEXT_ID,
                            Fixtures.noneTextOrder(Fixtures.ORDER_WITH_NONE_TEXT, place, a));
                    case 3 -> {
                        GenericRecord p = Fixtures.profile();
                        p.put("fullName", a);
                        java.util.Map<String, String> attributes = new java.util.HashMap<>();
                        attributes.put(a, b);
                        attributes.put("tier", a);
                        p.put("attributes", attributes);
                        yield Fixtures.frame(Fixtures.PROFILE_ID, p);
                    }
                    case 4 -> Fixtures.frame(NODE_ID, node(a, b));
                    default -> Fixtures.frame(Fixtures.ORDER_ID, Fixtures.order(b, total, "EUR", a));
                });
    }

    private static GenericRecord node(String a, String b) {
        GenericRecord last = new GenericData.Record(NODE);
        last.put("label", b);
        GenericRecord first = new GenericData.Record(NODE);
        first.put("label", a);
        first.put("next", last);
        return first;
    }

    @Provide
    Arbitrary<Integer> depths() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 2 * MAX_DEPTH),
                Arbitraries.integers().between(1, 200_000));
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Mutation.Kind.values()), Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12))
                .as(Mutation::new);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        // A known schema id in front of random bytes gets past the header into the walk.
        Arbitrary<byte[]> framedJunk = Combinators.combine(Arbitraries.of(Arrays.stream(KNOWN_IDS).boxed().toList()),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(200))
                .as((id, body) -> {
                    byte[] bytes = new byte[5 + body.length];
                    ByteBuffer.wrap(bytes).put((byte) 0).putInt(id.intValue()).put(body);
                    return bytes;
                });
        Arbitrary<byte[]> unknownId = Arbitraries.integers().map(id -> ByteBuffer.allocate(9).put((byte) 0).putInt(id)
                .putInt(0).array());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, any), net.jqwik.api.Tuple.of(6, framedJunk),
                net.jqwik.api.Tuple.of(1, unknownId));
    }

    @Provide
    Arbitrary<byte[]> hugeVarints() {
        // 2^31-1 (a length int32 can just hold), 2^31, 2 GB as a negative zigzag, 2^62, Long.MAX_VALUE, and
        // over-long encodings (more continuation bytes than a long has).
        return Arbitraries.oneOf(
                Arbitraries.of((long) Integer.MAX_VALUE, 1L << 31, 2_000_000_000L, 1L << 62, Long.MAX_VALUE,
                        -(1L << 31), Long.MIN_VALUE).map(EnvelopeFuzzTest::zigzag),
                Arbitraries.longs().between(1L << 24, Long.MAX_VALUE).map(EnvelopeFuzzTest::zigzag),
                Arbitraries.integers().between(6, 14).map(n -> {
                    byte[] b = new byte[n];
                    Arrays.fill(b, (byte) 0xff);
                    b[n - 1] = 0x01;
                    return b;
                }));
    }

    // ----------------------------------------------------------------------------------------------- mutations

    /** One change to a byte array; {@code at} is taken modulo the length, so every value is a valid change. */
    record Mutation(Kind kind, int at, byte[] bytes) {
        enum Kind { TRUNCATE, FLIP_BIT, INSERT, DELETE, OVERWRITE, SET_SCHEMA_ID, APPEND_SELF, SET_BYTE_FF }

        byte[] apply(byte[] in) {
            int n = in.length;
            int pos = n == 0 ? 0 : at % (n + 1);
            return switch (kind) {
                case TRUNCATE -> Arrays.copyOf(in, pos);
                case FLIP_BIT -> {
                    if (n == 0) {
                        yield in;
                    }
                    byte[] out = in.clone();
                    out[at % n] ^= (byte) (1 << (bytes[0] & 7));
                    yield out;
                }
                case INSERT -> {
                    byte[] out = new byte[n + bytes.length];
                    System.arraycopy(in, 0, out, 0, pos);
                    System.arraycopy(bytes, 0, out, pos, bytes.length);
                    System.arraycopy(in, pos, out, pos + bytes.length, n - pos);
                    yield out;
                }
                case DELETE -> {
                    int len = Math.min(bytes.length, n - pos);
                    byte[] out = new byte[n - len];
                    System.arraycopy(in, 0, out, 0, pos);
                    System.arraycopy(in, pos + len, out, pos, n - pos - len);
                    yield out;
                }
                case OVERWRITE -> {
                    byte[] out = in.clone();
                    for (int i = 0; i < bytes.length && pos + i < n; i++) {
                        out[pos + i] = bytes[i];
                    }
                    yield out;
                }
                case SET_SCHEMA_ID -> {
                    if (n < 5) {
                        yield in;
                    }
                    byte[] out = in.clone();
                    // Half the time another known schema (valid header, wrong writer), else whatever the bytes say.
                    long id = (bytes[0] & 1) == 0 ? KNOWN_IDS[at % KNOWN_IDS.length] : at;
                    ByteBuffer.wrap(out, 1, 4).putInt((int) id);
                    yield out;
                }
                case APPEND_SELF -> {
                    // Two records in one value: one too many.
                    byte[] out = Arrays.copyOf(in, n + Math.max(0, n - 5));
                    if (n > 5) {
                        System.arraycopy(in, 5, out, n, n - 5);
                    }
                    yield out;
                }
                case SET_BYTE_FF -> {
                    if (n == 0) {
                        yield in;
                    }
                    byte[] out = in.clone();
                    out[at % n] = (byte) ((bytes[0] & 1) == 0 ? 0xff : 0x80); // continuation bits: over-long varints
                    yield out;
                }
            };
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** A framed Node list {@code depth} records deep (label "", next in the union's Node branch), or cut short. */
    private static byte[] nested(int depth, boolean complete) {
        byte[] bytes = new byte[5 + 2 * depth];
        ByteBuffer.wrap(bytes).put((byte) 0).putInt((int) NODE_ID);
        for (int i = 0; i < depth; i++) {
            bytes[5 + 2 * i] = 0x00; // label: the empty string
            bytes[6 + 2 * i] = (byte) (i == depth - 1 ? 0x00 : 0x02); // next: null at the end, else a Node
        }
        return complete ? bytes : Arrays.copyOf(bytes, bytes.length - 1);
    }

    private static byte[] zigzag(long value) {
        long z = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((z & ~0x7fL) != 0) {
            out.write((int) ((z & 0x7f) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    /** The length of the varint at {@code pos} (at most 10 bytes), to replace it. */
    private static int varintLength(byte[] bytes, int pos) {
        int i = pos;
        while (i < bytes.length && i - pos < 10 && (bytes[i] & 0x80) != 0) {
            i++;
        }
        return Math.min(bytes.length, i + 1) - pos;
    }

    /** The input, for failure messages: whole when short, else its start and length. */
    private static String hex(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        HexFormat hex = HexFormat.of();
        return bytes.length <= 256 ? hex.formatHex(bytes)
                : hex.formatHex(bytes, 0, 256) + "... (" + bytes.length + " bytes)";
    }
}
