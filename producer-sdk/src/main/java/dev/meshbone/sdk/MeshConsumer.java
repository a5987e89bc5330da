package dev.meshbone.sdk;

import dev.meshbone.config.access.AccessErrors;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.Grants;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.contract.ProductId;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.sdk.internal.kafka.ClientSettings;
import dev.meshbone.sdk.internal.keys.KeyRing;
import dev.meshbone.sdk.internal.keys.RecordDecryptor;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.Header;

/**
 * Reads a data product: subscribe by product id and major version, get typed records (a generated class, or
 * {@link GenericRecord}) with the SDK's headers exposed ({@link MeshRecord}).
 *
 * <p>By default it reads the governed public topic {@code <domain>.<product>.v<major>}, where personal data is
 * protected. {@link Builder#fromIngress()} reads the raw ingress topic instead: that is the owning domain's own
 * view (tests, debugging) and holds personal data unprotected.
 *
 * <pre>{@code
 * try (MeshConsumer<Order> orders = MeshConsumer.builder(config, "sales.orders", Order.class).groupId("billing").build()) {
 *     for (MeshRecord<Order> r : orders.poll(Duration.ofSeconds(1))) { ... r.value() ... r.eventTime() ... }
 * }
 * }</pre>
 *
 * <p>With key access ({@code keys.keystore}, and a team allowed to read {@code mesh.keys}) ENCRYPT fields come
 * decrypted. A field whose data subject was forgotten comes as null, and {@link MeshRecord#erasedFields()} names it;
 * a missing key never makes {@code poll} throw or wait longer than {@code keys.catchup.timeout.ms}. Without key
 * access the fields hold their {@code enc:v2:} tokens (strings: any Avro reader can read the topic).
 *
 * <p>Records are read committed: governance writes public topics in transactions.
 *
 * <p>Like a {@link KafkaConsumer}, a consumer is used from one thread.
 *
 * @param <T> the record type
 */
public final class MeshConsumer<T extends GenericRecord> implements AutoCloseable {

    private static final Pattern PRODUCT_ID = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.([a-z0-9][a-z0-9-]*)");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AvroKafkaDeserializer<Object> deserializer;
    private final Class<T> type;
    private final String topic;
    private final MeshConfig config;
    private final String domain;
    private final KeyRing keys;
    private final RecordDecryptor decryptor;

    private MeshConsumer(KafkaConsumer<byte[], byte[]> consumer, AvroKafkaDeserializer<Object> deserializer,
                         Class<T> type, String topic, MeshConfig config, String domain, KeyRing keys) {
        this.consumer = consumer;
        this.deserializer = deserializer;
        this.type = type;
        this.topic = topic;
        this.config = config;
        this.domain = domain;
        this.keys = keys;
        this.decryptor = keys == null ? null : new RecordDecryptor(keys);
    }

    /**
     * Starts a consumer of a product.
     *
     * @param productId {@code <domain>.<product>}, e.g. {@code sales.orders}
     * @param type      a generated class, or {@code GenericRecord.class}
     */
    public static <T extends GenericRecord> Builder<T> builder(MeshConfig config, String productId, Class<T> type) {
        return new Builder<>(config, productId, type);
    }

    /**
     * Waits up to the timeout for records.
     *
     * @throws MeshException when a record cannot be read as the product's Avro (it names topic, partition, offset),
     *                       or when the consumer may not read the topic or use its group (it names the principal and
     *                       why: no grant, or a grant that expired)
     */
    public List<MeshRecord<T>> poll(Duration timeout) {
        List<MeshRecord<T>> out = new ArrayList<>();
        ConsumerRecords<byte[], byte[]> records = fetch(timeout);
        if (keys != null && !records.isEmpty()) {
            keys.refresh(); // tombstones first: a key forgotten before this poll opens nothing in it
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(toMeshRecord(r));
        }
        return out;
    }

    private ConsumerRecords<byte[], byte[]> fetch(Duration timeout) {
        try {
            return consumer.poll(timeout);
        } catch (AuthorizationException e) {
            throw new MeshException(explain(e), e);
        }
    }

    /** The refusal in one line, by the ACL plan of the grants on mesh.access (so an expired grant says so). */
    private String explain(AuthorizationException refusal) {
        Map<String, Object> client = new HashMap<>();
        ClientSettings.common(config, "access").forEach((k, v) -> client.put(k.toString(), v));
        Instant now = Instant.now();
        MeshAccess mesh;
        try {
            Grants grants = Grants.read(client);
            Set<String> domains = new TreeSet<>(List.of(domain));
            grants.byKey().values().forEach(g -> domains.add(ProductId.parse(g.getProductId()).domain()));
            mesh = MeshAccess.of(domains, grants.live(now), MeshAccess.Platform.DEFAULT)
                    .withExpired(grants.expired(now));
        } catch (RuntimeException unreadable) {
            // Never granted anything, the team may not read mesh.access either: explain without its grants.
            mesh = MeshAccess.of(List.of(domain), Map.of(),
                    MeshAccess.Platform.DEFAULT);
        }
        return AccessErrors.explain(refusal, AccessErrors.userOf(client), List.of(AclOperation.READ),
                AclPlan.of(mesh)).orElse("Kafka refused to let this consumer read " + topic + ": "
                + refusal.getMessage());
    }

    private MeshRecord<T> toMeshRecord(ConsumerRecord<byte[], byte[]> r) {
        T value = null;
        if (r.value() != null) {
            Object decoded;
            try {
                decoded = deserializer.deserialize(r.topic(), r.headers(), r.value());
            } catch (RuntimeException e) {
                throw new MeshException("Cannot read the record at " + r.topic() + "-" + r.partition() + "@"
                        + r.offset() + ": " + e.getMessage(), e);
            }
            if (!type.isInstance(decoded)) {
                throw new MeshException("The record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                        + " is a " + decoded.getClass().getName() + ", not a " + type.getName());
            }
            value = type.cast(decoded);
        }
        SortedSet<String> erased = value == null || decryptor == null ? new TreeSet<>() : decryptor.decrypt(value);
        Map<String, String> headers = new HashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        String eventTime = headers.get(MeshHeaders.EVENT_TIME);
        String major = headers.get(MeshHeaders.MAJOR_VERSION);
        headers.values().removeIf(v -> v == null);
        return new MeshRecord<>(r.topic(), r.partition(), r.offset(),
                r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), value,
                headers.get(MeshHeaders.PRODUCT_ID), parseInt(major), headers.get(MeshHeaders.SCHEMA_VERSION),
                parseInstant(eventTime), headers.get(MeshHeaders.PRODUCER_ID), headers.get(MeshHeaders.TRACE_ID),
                headers, erased);
    }

    private static int parseInt(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant parseInstant(String millis) {
        try {
            return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Commits the offsets of the records returned so far (with a group id). */
    public void commit() {
        consumer.commitSync();
    }

    /** The topic read. */
    public String topic() {
        return topic;
    }

    /** Closes the consumer. */
    @Override
    public void close() {
        consumer.close();
        deserializer.close();
        if (keys != null) {
            keys.close();
        }
    }

    /** Options of a consumer; only the product is required. */
    public static final class Builder<T extends GenericRecord> {
        private final MeshConfig config;
        private final String domain;
        private final String product;
        private final Class<T> type;
        private int majorVersion = 1;
        private String groupId;
        private boolean ingress;
        private boolean fromBeginning = true;

        private Builder(MeshConfig config, String productId, Class<T> type) {
            Matcher m = PRODUCT_ID.matcher(productId == null ? "" : productId);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + productId + "' is not a product id: <domain>.<product>, "
                        + "lower-case letters, digits and '-', e.g. sales.orders");
            }
            this.config = config;
            this.domain = m.group(1);
            this.product = m.group(2);
            this.type = type;
            this.groupId = config.clientId();
        }

        /** The major version to read (default 1). */
        public Builder<T> majorVersion(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("majorVersion must be 1 or more, was " + value);
            }
            this.majorVersion = value;
            return this;
        }

        /** The consumer group (default: the configured client id). */
        public Builder<T> groupId(String value) {
            this.groupId = value;
            return this;
        }

        /**
         * Read the raw ingress topic instead of the governed public one: the owning domain's view, before PII
         * protection and quality checks. Records of every major version share it.
         */
        public Builder<T> fromIngress() {
            this.ingress = true;
            return this;
        }

        /** Where a new group starts: the earliest record (default) or only new ones. */
        public Builder<T> fromBeginning(boolean value) {
            this.fromBeginning = value;
            return this;
        }

        /** Creates the consumer and subscribes it. */
        public MeshConsumer<T> build() {
            String topic = ingress ? new ProductId(domain, product).ingressTopic()
                    : new ProductId(domain, product).major(majorVersion).publicTopic();
            KeyRing keys = ingress || !config.keyAccess() ? null : keyRing(config, topic);
            AvroKafkaDeserializer<Object> deserializer = new AvroKafkaDeserializer<>();
            deserializer.configure(ClientSettings.deserializer(config, SpecificRecord.class.isAssignableFrom(type)),
                    false);
            Properties props = ClientSettings.consumer(config, "consumer-" + topic, groupId,
                    fromBeginning ? "earliest" : "latest");
            props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(topic));
            return new MeshConsumer<>(consumer, deserializer, type, topic, config, domain, keys);
        }

        private static KeyRing keyRing(MeshConfig config, String topic) {
            if (!Files.isRegularFile(config.keystore())) {
                throw new MeshException("keys.keystore " + config.keystore() + ": no such keystore file");
            }
            LocalKeystore keystore;
            try {
                // openOrCreate only opens here: the file exists. A consumer never makes a keystore of its own.
                keystore = LocalKeystore.openOrCreate(config.keystore(),
                        LocalKeystore.readPassword(config.keystorePasswordFile()));
            } catch (RuntimeException e) {
                throw new MeshException("keys.keystore " + config.keystore() + ": " + e.getMessage(), e);
            }
            return KeyRing.open(ClientSettings.consumer(config, "keys-" + topic, null, "earliest"), keystore,
                    config.keyCacheSize(), config.keyCatchUpTimeout());
        }
    }
}
