package dev.meshbone.governance;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.Owner;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.envelope.SchemaLookup;
import dev.meshbone.schemas.BundledSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.BinaryEncoder;

/** Test data shared by the governance tests: the sales.orders product, its records and its framing. */
public final class Fixtures {

    public static final Schema ORDER = BundledSchemas.load(BundledSchemas.SALES_ORDERS);
    public static final Schema PROFILE = BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES);
    /** sales.orders v2 of its artifact: adds an optional, untagged free-text note (compatible). */
    public static final Schema ORDER_WITH_NOTE = withExtraField(ORDER,
            "{\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}");
    /** The total as a string: breaks BACKWARD compatibility with the contract. */
    public static final Schema ORDER_TOTAL_AS_STRING = new Schema.Parser().parse(
            ORDER.toString().replace("{\"name\":\"total\",\"type\":\"double\"}", "{\"name\":\"total\",\"type\":\"string\"}"));

    public static final long ORDER_ID = 11;
    public static final long PROFILE_ID = 12;
    public static final long ORDER_WITH_NOTE_ID = 13;
    public static final long ORDER_TOTAL_AS_STRING_ID = 14;

    public static final String INGRESS = new ProductId("sales", "orders").ingressTopic();
    public static final String PUBLIC = new ProductId("sales", "orders").major(1).publicTopic();
    public static final String HMAC_SECRET = "test-secret-0123456789";
    public static final byte[] AES_KEY = new byte[16];

    private Fixtures() {
    }

    /** A schema lookup over a map, like the registry would answer. */
    public static final class MapSchemaLookup implements SchemaLookup {
        private final Map<Long, ResolvedSchema> schemas = new ConcurrentHashMap<>();

        public MapSchemaLookup register(long globalId, String group, String artifact, String version, Schema schema) {
            schemas.put(globalId, ResolvedSchema.of(globalId, group, artifact, version, schema));
            return this;
        }

        @Override
        public Optional<ResolvedSchema> byGlobalId(long globalId) {
            return Optional.ofNullable(schemas.get(globalId));
        }
    }

    public static MapSchemaLookup schemas() {
        return new MapSchemaLookup()
                .register(ORDER_ID, "sales", "orders", "1", ORDER)
                .register(PROFILE_ID, "customers", "profiles", "1", PROFILE)
                .register(ORDER_WITH_NOTE_ID, "sales", "orders", "2", ORDER_WITH_NOTE)
                .register(ORDER_TOTAL_AS_STRING_ID, "sales", "orders", "3", ORDER_TOTAL_AS_STRING);
    }

    public static DataProductDescriptor.Builder ordersDescriptor() {
        return DataProductDescriptor.newBuilder()
                .setId("sales.orders").setDomain("sales").setName("orders").setMajorVersion(1)
                .setTitle("Orders").setDescription("Web shop orders")
                .setOwner(new Owner("sales-platform", "sales@example.com"))
                .setTags(List.of("orders"))
                .setStatus(ProductStatus.ACTIVE)
                .setCompatibility(CompatibilityMode.BACKWARD)
                .setContractSchema(ORDER.toString())
                .setSchemaRef(new SchemaRef("sales", "orders", "1", ORDER_ID))
                .setPiiProtection(Map.of("EMAIL", PiiProtection.HASH, "ADDRESS", PiiProtection.MASK))
                .setQualityRules(List.of(
                        new QualityRule("positive-total", "an order never has a negative total",
                                "record.total >= 0.0", RuleAction.QUARANTINE),
                        new QualityRule("known-currency", "we bill in EUR and USD",
                                "record.currency in ['EUR', 'USD']", RuleAction.WARN)))
                .setSlo(new ServiceLevelObjectives(60_000L, 0.05))
                .setIngressTopic(INGRESS)
                .setPublicTopic(PUBLIC)
                .setFingerprint("f1")
                .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    public static GenericRecord order(String id, double total, String currency, String email) {
        return order(ORDER, id, total, currency, email);
    }

    public static GenericRecord order(Schema schema, String id, double total, String currency, String email) {
        Schema itemSchema = schema.getField("items").schema().getElementType();
        GenericRecord item = new GenericData.Record(itemSchema);
        item.put("sku", "SKU-1042");
        item.put("productName", "Trail running shoe");
        item.put("quantity", 1);
        item.put("unitPrice", total);
        GenericRecord address = new GenericData.Record(schema.getField("shippingAddress").schema());
        address.put("street", "12 Rue de la Republique");
        address.put("city", "Lyon");
        address.put("postalCode", "69002");
        address.put("country", "FR");
        GenericRecord order = new GenericData.Record(schema);
        order.put("orderId", id);
        order.put("customerId", "C-77");
        order.put("customerEmail", email);
        order.put("items", List.of(item));
        order.put("total", total);
        order.put("currency", currency);
        order.put("shippingAddress", address);
        order.put("channel", new GenericData.EnumSymbol(schema.getField("channel").schema(), "WEB"));
        order.put("orderedAt", 1_700_000_000_000L);
        return order;
    }

    public static GenericRecord profile() {
        GenericRecord address = new GenericData.Record(PROFILE.getField("address").schema());
        address.put("street", "1 Main Street");
        address.put("city", "Springfield");
        address.put("postalCode", "12345");
        address.put("country", "US");
        GenericRecord p = new GenericData.Record(PROFILE);
        p.put("customerId", "C-1");
        p.put("fullName", "Jane Doe");
        p.put("email", "jane@example.com");
        p.put("address", address);
        p.put("loyaltyTier", new GenericData.EnumSymbol(PROFILE.getField("loyaltyTier").schema(), "GOLD"));
        p.put("marketingOptIn", false);
        p.put("attributes", Map.of());
        p.put("createdAt", 1L);
        return p;
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

    private static Schema withExtraField(Schema base, String fieldJson) {
        String json = base.toString();
        int lastBracket = json.lastIndexOf(']');
        return new Schema.Parser().parse(json.substring(0, lastBracket) + "," + fieldJson + json.substring(lastBracket));
    }
}
