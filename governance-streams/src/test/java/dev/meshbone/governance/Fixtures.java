package dev.meshbone.governance;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.envelope.SchemaAnswer;
import dev.meshbone.governance.envelope.SchemaLookup;
import dev.meshbone.testkit.samples.Samples;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.governance.keys.DataKeyCache;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.topology.GovernanceTopology;
import dev.meshbone.schemas.MeshEventSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.streams.TopologyTestDriver;

/** Test data shared by the governance tests: the sales.orders product, its records and its framing. */
public final class Fixtures {

    public static final Schema ORDER = Samples.ORDER;
    public static final Schema PROFILE = Samples.PROFILE;
    /** sales.orders v2 of its artifact: adds an optional, untagged free-text note (compatible). */
    public static final Schema ORDER_WITH_NOTE = withExtraField(ORDER,
            "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}");
    /**
     * sales.orders v4 of its artifact: free text the owner declared not personal ({@code "pii": "NONE"}) in a field,
     * array items, map values, a nested record and a union (compatible: every addition has a default).
     */
    public static final Schema ORDER_WITH_NONE_TEXT = withExtraField(ORDER, noneText(""));
    /** sales.orders v5: as {@link #ORDER_WITH_NONE_TEXT}, and {@code notes} may hold e-mail addresses. */
    public static final Schema ORDER_ALLOWING_EMAIL_IN_NOTES = withExtraField(ORDER,
            noneText(", \"pii.allow\": [\"EMAIL\"]"));
    /** The total as a string: breaks BACKWARD compatibility with the contract. */
    public static final Schema ORDER_TOTAL_AS_STRING = new Schema.Parser().parse(
            ORDER.toString().replace("{\"name\":\"total\",\"type\":\"double\"}", "{\"name\":\"total\",\"type\":\"string\"}"));

    public static final long ORDER_ID = 11;
    public static final long PROFILE_ID = 12;
    public static final long ORDER_WITH_NOTE_ID = 13;
    public static final long ORDER_TOTAL_AS_STRING_ID = 14;
    public static final long ORDER_WITH_NONE_TEXT_ID = 15;
    public static final long ORDER_ALLOWING_EMAIL_IN_NOTES_ID = 16;

    public static final String INGRESS = new ProductId("sales", "orders").ingressTopic();
    public static final String PUBLIC = new ProductId("sales", "orders").major(1).publicTopic();
    public static final String HMAC_SECRET = "test-secret-0123456789";
    /** The tests' key-encryption keys: one keystore per test JVM, in a temporary directory. */
    public static final LocalKeystore KEYSTORE = LocalKeystore.openOrCreate(temporaryKeystore());

    private static final MeshEventSerde<SubjectKey> SUBJECT_KEYS = MeshEventSerde.of(SubjectKey.class);

    private Fixtures() {
    }

    private static Path temporaryKeystore() {
        try {
            Path dir = Files.createTempDirectory("governance-test-keys-");
            dir.toFile().deleteOnExit();
            return dir.resolve("mesh-keys.p12");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tests' keys with a fresh cache. */
    public static Keyring keyring() {
        return new Keyring(Optional.of(KEYSTORE), new DataKeyCache(100));
    }

    /** The data key a {@code mesh.keys} value wraps, unwrapped with the tests' keystore. */
    public static DataKey dataKey(byte[] subjectKeyValue) {
        SubjectKey key = SUBJECT_KEYS.decode(subjectKeyValue);
        ByteBuffer wrapped = key.getWrappedKey().duplicate();
        byte[] bytes = new byte[wrapped.remaining()];
        wrapped.get(bytes);
        return new DataKey(key.getKeyId(), key.getVersion(), KEYSTORE.unwrap(key.getKekId(), bytes));
    }

    /** The clear value of an ENCRYPT token whose key is in {@code keys} ({@code mesh.keys} values by record key). */
    public static String decrypt(String token, Map<String, byte[]> keys) {
        String keyId = SubjectCipher.keyIdOf(token).orElseThrow(() -> new AssertionError("not a token: " + token));
        byte[] value = keys.entrySet().stream().filter(e -> e.getKey().endsWith("/" + keyId)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no key " + keyId + " on mesh.keys"));
        return SubjectCipher.decrypt(token, dataKey(value));
    }

    /** The {@code mesh.keys} values governance's global key store holds now, by record key. */
    public static Map<String, byte[]> keysIn(TopologyTestDriver driver) {
        Map<String, byte[]> keys = new java.util.TreeMap<>();
        driver.<String, byte[]>getKeyValueStore(GovernanceTopology.KEY_STORE).all()
                .forEachRemaining(kv -> keys.put(kv.key, kv.value));
        return keys;
    }

    /** A schema lookup over a map, like the registry would answer. */
    public static final class MapSchemaLookup implements SchemaLookup {
        private final Map<Long, ResolvedSchema> schemas = new ConcurrentHashMap<>();

        public MapSchemaLookup register(long globalId, String group, String artifact, String version, Schema schema) {
            schemas.put(globalId, ResolvedSchema.of(globalId, group, artifact, version, schema));
            return this;
        }

        @Override
        public SchemaAnswer byGlobalId(long globalId) {
            ResolvedSchema schema = schemas.get(globalId);
            return schema == null ? SchemaAnswer.Unknown.NOT_FOUND : new SchemaAnswer.Known(schema);
        }
    }

    public static MapSchemaLookup schemas() {
        return new MapSchemaLookup()
                .register(ORDER_ID, "sales", "orders", "1", ORDER)
                .register(PROFILE_ID, "customers", "profiles", "1", PROFILE)
                .register(ORDER_WITH_NOTE_ID, "sales", "orders", "2", ORDER_WITH_NOTE)
                .register(ORDER_TOTAL_AS_STRING_ID, "sales", "orders", "3", ORDER_TOTAL_AS_STRING)
                .register(ORDER_WITH_NONE_TEXT_ID, "sales", "orders", "4", ORDER_WITH_NONE_TEXT)
                .register(ORDER_ALLOWING_EMAIL_IN_NOTES_ID, "sales", "orders", "5", ORDER_ALLOWING_EMAIL_IN_NOTES);
    }

    /** sales.orders as the SDK announces it (the shared sample), registry version 1 = {@link #ORDER_ID}. */
    public static DataProductDescriptor.Builder ordersDescriptor() {
        return DataProductDescriptor.newBuilder(Samples.ordersDescriptor("sales", ORDER_ID));
    }

    public static GenericRecord order(String id, double total, String currency, String email) {
        return Samples.order(id, total, currency, email);
    }

    public static GenericRecord order(Schema schema, String id, double total, String currency, String email) {
        return Samples.order(schema, id, total, currency, email);
    }

    /**
     * An order of {@link #ORDER_WITH_NONE_TEXT} (or {@link #ORDER_ALLOWING_EMAIL_IN_NOTES}) with harmless text in its
     * NONE-tagged fields but at {@code place} ({@code notes}, {@code remarks[]}, {@code labels{}},
     * {@code gift.message}, {@code reference}), which holds {@code text}.
     */
    public static GenericRecord noneTextOrder(Schema schema, String place, String text) {
        GenericRecord record = order(schema, "ORD-1", 42.0, "EUR", "jane@example.com");
        GenericRecord gift = new GenericData.Record(schema.getField("gift").schema().getTypes().get(1));
        gift.put("message", place.equals("gift.message") ? text : "Happy birthday!");
        record.put("notes", place.equals("notes") ? text : "leave at the door");
        record.put("remarks", List.of("fragile", place.equals("remarks[]") ? text : "ring twice"));
        record.put("labels", Map.of("lane", place.equals("labels{}") ? text : "express"));
        record.put("gift", gift);
        record.put("reference", place.equals("reference") ? text : 4242L);
        return record;
    }

    public static GenericRecord profile() {
        return Samples.profile();
    }

    /** The Apicurio framing: 0x00, int32 global id, Avro binary. */
    public static byte[] frame(long globalId, GenericRecord record) {
        return dev.meshbone.governance.envelope.Framing.frame(globalId, record);
    }

    /** Reads a framed record back with the given schema; returns the global id too. */
    public static Map.Entry<Long, GenericRecord> unframe(byte[] bytes, Schema schema) {
        try {
            long id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            GenericRecord r = new GenericDatumReader<GenericRecord>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            return Map.entry(id, r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The NONE-tagged fields of {@link #ORDER_WITH_NONE_TEXT}; {@code notesExtra} goes on {@code notes}. */
    private static String noneText(String notesExtra) {
        return """
                {"name": "notes", "type": ["null", "string"], "default": null, "pii": "NONE"%s},
                {"name": "remarks", "type": {"type": "array", "items": "string"}, "default": [], "pii": "NONE"},
                {"name": "labels", "type": {"type": "map", "values": "string"}, "default": {}, "pii": "NONE"},
                {"name": "gift", "default": null, "type": ["null", {"type": "record", "name": "Gift", "fields": [
                  {"name": "message", "type": "string", "pii": "NONE"}]}]},
                {"name": "reference", "type": ["null", "long", "string"], "default": null, "pii": "NONE"}"""
                .formatted(notesExtra);
    }

    private static Schema withExtraField(Schema base, String fieldJson) {
        String json = base.toString();
        int lastBracket = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, lastBracket) + "," + fieldJson + json.substring(lastBracket));
    }
}
