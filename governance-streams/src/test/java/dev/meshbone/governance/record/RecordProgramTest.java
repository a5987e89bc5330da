package dev.meshbone.governance.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.DataKeys;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.governance.pii.PiiDetectors;
import dev.meshbone.governance.pii.Protection;
import dev.meshbone.governance.pii.RecordPlan;
import dev.meshbone.governance.pii.UntaggedPii;
import dev.meshbone.schemas.BundledSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The compiled record path against the plain one (decode, {@link RecordPlan}, Avro's encoder) on randomised records
 * of the example schemas and of a schema with every shape (nested and recursive records, arrays, maps, unions,
 * logical types, fixed, enums, tags inherited and NONE): the same bytes out, the same finding, the same fields read,
 * and the same refusals of damaged bytes.
 */
class RecordProgramTest {

    static final Schema EVERYTHING = new Schema.Parser().parse("""
            {"type": "record", "name": "Everything", "namespace": "t", "fields": [
              {"name": "id", "type": "string", "pii": "NONE", "pii.subject": "customer"},
              {"name": "note", "type": ["null", "string"], "default": null},
              {"name": "email", "type": ["null", "string"], "default": null, "pii": "EMAIL"},
              {"name": "phones", "type": {"type": "array", "items": "string"}, "pii": "PHONE"},
              {"name": "altPhones", "type": ["null", {"type": "array", "items": ["null", "string"]}],
               "default": null, "pii": "PHONE"},
              {"name": "labels", "type": {"type": "map", "values": "string"}, "pii": "NONE"},
              {"name": "secrets", "type": {"type": "map", "values": "string"}, "pii": "NAME"},
              {"name": "age", "type": ["null", "int"], "default": null, "pii": "DATE_OF_BIRTH"},
              {"name": "score", "type": "int", "default": 7, "pii": "OTHER"},
              {"name": "holder", "pii": "NAME", "type": {"type": "record", "name": "Holder", "fields": [
                {"name": "name", "type": "string"},
                {"name": "memo", "type": "string", "pii": "NONE"},
                {"name": "since", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null}]}},
              {"name": "holders", "type": {"type": "array", "items": "t.Holder"}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
              {"name": "ref", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "hash", "type": {"type": "fixed", "name": "H", "size": 4}},
              {"name": "kind", "type": {"type": "enum", "name": "K", "symbols": ["A", "B", "C"]}},
              {"name": "mixed", "type": ["null", "string", "long", "t.Holder"], "default": null},
              {"name": "taggedMixed", "type": ["null", "string", "long"], "default": null, "pii": "IBAN"},
              {"name": "flags", "type": {"type": "array", "items": "boolean"}},
              {"name": "ratio", "type": "float"},
              {"name": "weight", "type": "double"},
              {"name": "chain", "type": ["null", {"type": "record", "name": "Node", "fields": [
                {"name": "text", "type": "string"},
                {"name": "secret", "type": ["null", "string"], "default": null, "pii": "EMAIL"},
                {"name": "child", "type": ["null", "t.Node"], "default": null}]}], "default": null}
            ]}""");

    private static final List<Schema> SCHEMAS = List.of(BundledSchemas.load(BundledSchemas.SALES_ORDERS),
            BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES), BundledSchemas.load(BundledSchemas.LOGISTICS_SHIPMENTS),
            EVERYTHING);
    private static final List<Map<String, PiiProtection>> PROTECTIONS = List.of(
            Map.of("EMAIL", PiiProtection.HASH, "ADDRESS", PiiProtection.MASK),
            Map.of("EMAIL", PiiProtection.MASK, "NAME", PiiProtection.DROP, "PHONE", PiiProtection.HASH),
            Map.of("EMAIL", PiiProtection.ENCRYPT, "PHONE", PiiProtection.ENCRYPT, "NAME", PiiProtection.MASK),
            Map.of("EMAIL", PiiProtection.DROP, "PHONE", PiiProtection.DROP, "ADDRESS", PiiProtection.DROP,
                    "NAME", PiiProtection.DROP, "DATE_OF_BIRTH", PiiProtection.DROP));
    private static final String[] TEXTS = {"", "x", "Lyon", "ORD-2026-0001234", "SKU-1234-5678",
            "jane.doe@example.com", "call +33 6 12 34 56 78", "4111 1111 1111 1111", "GB82WEST12345698765432",
            "Trail running shoe model 7", "caf\u00e9 cr\u00e8me \u2603", "client 192.168.10.42", "078-05-1120"};
    private final Protection protection = new Protection("test-secret-0123456789".getBytes(StandardCharsets.UTF_8));

    @Property(tries = 600)
    void shouldProtectScanAndReadAsThePlainPathDoes(@ForAll("schemas") int schema, @ForAll("protections") int p,
                                                     @ForAll long seed) {
        Schema writer = SCHEMAS.get(schema);
        PersonalDataPolicy policy = PersonalDataPolicy.of(writer, PROTECTIONS.get(p));
        Set<String> read = pickFields(writer, new Random(seed));
        RecordProgram program = RecordProgram.compile(writer, policy, Optional.of(read));
        GenericRecord record = new RandomRecords(new Random(seed)).record(writer);
        byte[] framed = frame(writer, record);

        RecordWalk walk = program.walk(framed);

        GenericRecord decoded = decode(writer, framed);
        assertThat(walk.untaggedPii()).isEqualTo(ObjectScan.scan(decoded, policy));
        for (Schema.Field f : writer.getFields()) {
            assertThat(walk.view().get(f.pos())).as(f.name())
                    .isEqualTo(read.contains(f.name()) ? decoded.get(f.pos()) : null);
        }
        // ENCRYPT without a key drops: deterministic, so byte for byte too.
        byte[] expected = plain(writer, framed, policy, null);
        assertThat(walk.protect(protection, null)).isEqualTo(expected);
    }

    @Property(tries = 200)
    void shouldEncryptWhatThePlainPathEncrypts(@ForAll("schemas") int schema, @ForAll long seed) {
        Schema writer = SCHEMAS.get(schema);
        PersonalDataPolicy policy = PersonalDataPolicy.of(writer, PROTECTIONS.get(2));
        DataKey key = DataKeys.generate();
        GenericRecord record = new RandomRecords(new Random(seed)).record(writer);
        byte[] framed = frame(writer, record);

        byte[] out = RecordProgram.compile(writer, policy, Optional.of(Set.of())).walk(framed).protect(protection, key);

        // Tokens are random (AES-GCM nonces): decrypted, they are the plain path's input, and the rest is equal.
        GenericRecord ours = decrypt(decode(writer, out), key);
        GenericRecord plain = decode(writer, plain(writer, framed, policy, key));
        assertThat(ours).isEqualTo(decrypt(plain, key));
    }

    @Property(tries = 1_000)
    void shouldRefuseTheDamagedBytesAvroRefuses(@ForAll("schemas") int schema, @ForAll long seed) {
        Schema writer = SCHEMAS.get(schema);
        Random random = new Random(seed);
        byte[] framed = frame(writer, new RandomRecords(random).record(writer));
        byte[] damaged = damage(framed, random);
        RecordProgram validator = RecordProgram.validator(writer);

        boolean avroReads = avroReadsExactly(writer, damaged);

        if (avroReads) {
            validator.walk(damaged);
        } else {
            assertThatThrownBy(() -> validator.walk(damaged)).isInstanceOf(MalformedRecordException.class)
                    .hasMessageNotContaining("@");
        }
    }

    @Test
    void shouldKeepTheOriginalBytesWhenNothingIsProtected() {
        Schema writer = BundledSchemas.load(BundledSchemas.LOGISTICS_SHIPMENTS);
        GenericRecord record = new RandomRecords(new Random(1)).record(writer);
        byte[] framed = frame(writer, record);
        PersonalDataPolicy untagged = PersonalDataPolicy.of(new Schema.Parser().parse(writer.toString()
                .replace("\"pii\":\"NAME\"", "\"pii\":\"NONE\"").replace("\"pii\":\"PHONE\"", "\"pii\":\"NONE\"")),
                Map.of());

        RecordWalk walk = RecordProgram.compile(writer, untagged, Optional.of(Set.of())).walk(framed);

        assertThat(walk.protect(protection, null)).isSameAs(framed);
    }

    @Test
    void shouldProtectRecordsWrittenInSizedBlocks() throws IOException {
        // Avro's blocking encoder writes negative counts followed by the block's byte size.
        Schema writer = EVERYTHING;
        PersonalDataPolicy policy = PersonalDataPolicy.of(writer, PROTECTIONS.get(0));
        GenericRecord record = new RandomRecords(new Random(3)).record(writer);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0, 0, 0, 0, 42});
        BinaryEncoder blocking = EncoderFactory.get().blockingBinaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, blocking);
        blocking.flush();
        byte[] framed = bytes.toByteArray();

        byte[] out = RecordProgram.compile(writer, policy, Optional.of(Set.of())).walk(framed).protect(protection, null);

        assertThat(decode(writer, out)).isEqualTo(decode(writer, plain(writer, framed, policy, null)));
    }

    @Provide
    Arbitrary<Integer> schemas() {
        return Arbitraries.integers().between(0, SCHEMAS.size() - 1);
    }

    @Provide
    Arbitrary<Integer> protections() {
        return Arbitraries.integers().between(0, PROTECTIONS.size() - 1);
    }

    private static Set<String> pickFields(Schema writer, Random random) {
        return writer.getFields().stream().map(Schema.Field::name).filter(n -> random.nextInt(3) == 0)
                .collect(Collectors.toSet());
    }

    /** Decode, protect in place, encode: the path the compiled one replaces. */
    private byte[] plain(Schema writer, byte[] framed, PersonalDataPolicy policy, DataKey key) {
        GenericRecord record = decode(writer, framed);
        RecordPlan.protect(record, policy, protection, key);
        return frame(writer, record);
    }

    private static GenericRecord decrypt(GenericRecord record, DataKey key) {
        GenericRecord copy = GenericData.get().deepCopy(record.getSchema(), record);
        decryptAll(copy, key);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object decryptValue(Object value, DataKey key) {
        if (value instanceof CharSequence s && SubjectCipher.isToken(s.toString())) {
            return SubjectCipher.decrypt(s.toString(), key);
        }
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        if (value instanceof GenericRecord r) {
            decryptAll(r, key);
        } else if (value instanceof List<?> list) {
            ((List<Object>) list).replaceAll(v -> decryptValue(v, key));
        } else if (value instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).replaceAll((k, v) -> decryptValue(v, key));
        }
        return value;
    }

    private static void decryptAll(GenericRecord record, DataKey key) {
        for (Schema.Field f : record.getSchema().getFields()) {
            record.put(f.pos(), decryptValue(record.get(f.pos()), key));
        }
    }

    /** Truncated, extended, or a byte changed. */
    private static byte[] damage(byte[] framed, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Arrays.copyOf(framed, RecordProgram.HEADER + random.nextInt(framed.length - RecordProgram.HEADER));
            case 1 -> Arrays.copyOf(framed, framed.length + 1 + random.nextInt(3));
            default -> {
                byte[] d = framed.clone();
                int at = RecordProgram.HEADER + random.nextInt(d.length - RecordProgram.HEADER);
                d[at] = (byte) random.nextInt(256);
                yield d;
            }
        };
    }

    private static boolean avroReadsExactly(Schema writer, byte[] framed) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, RecordProgram.HEADER,
                    framed.length - RecordProgram.HEADER, null);
            new GenericDatumReader<GenericRecord>(writer).read(null, decoder);
            return decoder.isEnd();
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return false;
        }
    }

    static byte[] frame(Schema writer, GenericRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(0);
        bytes.writeBytes(ByteBuffer.allocate(4).putInt(42).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Maps keep their entries in the order written, so that encoding again writes them in the same order. */
    static GenericRecord decode(Schema writer, byte[] framed) {
        GenericData slow = new GenericData();
        slow.setFastReaderEnabled(false); // the fast reader makes HashMaps, whatever newMap says
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(writer, writer, slow) {
            @Override
            protected Object newMap(Object old, int size) {
                return new java.util.LinkedHashMap<>();
            }
        };
        try {
            return reader.read(null, DecoderFactory.get()
                    .binaryDecoder(framed, RecordProgram.HEADER, framed.length - RecordProgram.HEADER, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random values of any schema; personal-looking strings now and then; recursion ends. */
    static final class RandomRecords {
        private final Random random;
        private int depth;

        RandomRecords(Random random) {
            this.random = random;
        }

        GenericRecord record(Schema schema) {
            return (GenericRecord) value(schema);
        }

        private Object value(Schema schema) {
            return switch (schema.getType()) {
                case RECORD -> {
                    depth++;
                    GenericData.Record r = new GenericData.Record(schema);
                    schema.getFields().forEach(f -> r.put(f.pos(), value(f.schema())));
                    depth--;
                    yield r;
                }
                case ARRAY -> {
                    List<Object> items = new ArrayList<>();
                    for (int i = random.nextInt(depth > 2 ? 1 : 4); i > 0; i--) {
                        items.add(value(schema.getElementType()));
                    }
                    yield new GenericData.Array<>(schema, items);
                }
                case MAP -> {
                    Map<String, Object> map = new HashMap<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        map.put("k" + random.nextInt(100), value(schema.getValueType()));
                    }
                    yield map;
                }
                case UNION -> {
                    List<Schema> types = schema.getTypes();
                    Schema branch = depth > 3 && types.get(0).getType() == Schema.Type.NULL ? types.get(0)
                            : types.get(random.nextInt(types.size()));
                    yield value(branch);
                }
                case STRING -> random.nextInt(4) == 0 ? randomString() : TEXTS[random.nextInt(TEXTS.length)];
                case BYTES -> ByteBuffer.wrap(randomBytes(random.nextInt(6)));
                case FIXED -> new GenericData.Fixed(schema, randomBytes(schema.getFixedSize()));
                case ENUM -> new GenericData.EnumSymbol(schema,
                        schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
                case INT -> random.nextInt();
                case LONG -> random.nextLong();
                case FLOAT -> random.nextFloat();
                case DOUBLE -> random.nextDouble() * 1000 - 500;
                case BOOLEAN -> random.nextBoolean();
                case NULL -> null;
            };
        }

        private String randomString() {
            StringBuilder s = new StringBuilder();
            String alphabet = "ab1234567890 -.@+:Z\u00e9";
            for (int i = random.nextInt(30); i > 0; i--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return s.toString();
        }

        private byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }
    }

    /** The scan on decoded records, value by value, as governance ran it before the compiled path: the oracle. */
    static final class ObjectScan {
        private ObjectScan() {
        }

        static Optional<UntaggedPii> scan(GenericRecord record, PersonalDataPolicy policy) {
            return scanRecord(policy.scanPlan(), record);
        }

        private static Optional<UntaggedPii> scanRecord(PersonalDataPolicy.ScanRecord node, GenericRecord record) {
            for (PersonalDataPolicy.ScanField f : node.fields()) {
                Optional<UntaggedPii> hit = scanValue(f.scan(), record.get(f.pos()));
                if (hit.isPresent()) {
                    return hit;
                }
            }
            return Optional.empty();
        }

        private static Optional<UntaggedPii> scanValue(PersonalDataPolicy.Scan scan, Object value) {
            if (value == null || scan == null) {
                return Optional.empty();
            }
            if (scan instanceof PersonalDataPolicy.Scan.Text text) {
                return PiiDetectors.scan(value.toString(), text.place().allowed())
                        .map(f -> new UntaggedPii(text.place().path(), f, text.place().notPersonalAt()));
            }
            if (scan instanceof PersonalDataPolicy.Scan.Inside inside) {
                return scanRecord(inside.record(), (GenericRecord) value);
            }
            if (scan instanceof PersonalDataPolicy.Scan.Recursive recursive) {
                return scanRecord(recursive.record().get(), (GenericRecord) value);
            }
            if (scan instanceof PersonalDataPolicy.Scan.Each each) {
                Iterable<?> items = value instanceof Map<?, ?> map ? map.values() : (List<?>) value;
                for (Object item : items) {
                    Optional<UntaggedPii> hit = scanValue(each.item(), item);
                    if (hit.isPresent()) {
                        return hit;
                    }
                }
                return Optional.empty();
            }
            return scanValue(((PersonalDataPolicy.Scan.Branches) scan).branchFor(value), value);
        }
    }
}
