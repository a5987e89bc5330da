package dev.meshbone.cli.demo;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.RuleAction;
import dev.meshbone.governance.envelope.Framing;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three domains that own one product each and publish at a steady rate through the SDK: sales.orders,
 * customers.profiles and logistics.shipments. About one record in twenty is bad on purpose, in the ways real
 * producers go wrong: a negative total (rule failure), an e-mail address in an untagged attribute (untagged PII),
 * a record written with another product's schema, and now and then bytes that are not Avro at all.
 */
public final class DemoDomains implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(DemoDomains.class);
    private static final String[] FIRST = {"Jane", "Omar", "Li", "Sofia", "Mateo", "Amara", "Noah", "Ines", "Kai", "Lea"};
    private static final String[] LAST = {"Doe", "Haddad", "Wei", "Rossi", "Garcia", "Okafor", "Smith", "Dubois", "Tanaka"};
    private static final String[] CITIES = {"Lyon", "Berlin", "Madrid", "Austin", "Osaka", "Lagos", "Milan"};
    private static final String[] ITEMS = {"Trail running shoe", "Coffee grinder", "Desk lamp", "Yoga mat", "Kettle"};

    private final List<MeshPublisher<GenericRecord>> publishers;
    private final KafkaProducer<byte[], byte[]> raw;
    private final ScheduledExecutorService scheduler;
    private final Random random = new Random();

    private DemoDomains(List<MeshPublisher<GenericRecord>> publishers, KafkaProducer<byte[], byte[]> raw,
                        ScheduledExecutorService scheduler) {
        this.publishers = publishers;
        this.raw = raw;
        this.scheduler = scheduler;
    }

    /** The demo's domains, each publishing one product. */
    public static final List<String> DOMAINS = List.of("sales", "customers", "logistics");

    /** Declares the three products as one client, opens their publishers and publishes {@code rate} records/s each. */
    public static DemoDomains start(MeshConfig config, int rate) {
        return start(domain -> config, rate);
    }

    /**
     * Declares the three products, each as its own domain's client ({@code configOf} gives a domain's settings,
     * its own principal on a secure mesh), and publishes {@code rate} records/s each.
     */
    public static DemoDomains start(Function<String, MeshConfig> configOf, int rate) {
        // Side by side: each open is round trips to the registry and the broker (a second or two apiece).
        ExecutorService opening = Executors.newFixedThreadPool(3, r -> new Thread(r, "demo-domains-open"));
        List<CompletableFuture<MeshPublisher<GenericRecord>>> opened = List.of(orders(), profiles(), shipments())
                .stream().map(product -> CompletableFuture.supplyAsync(() -> MeshPublisher.open(
                        configOf.apply(product.domain()), product, GenericRecord.class), opening)).toList();
        opening.shutdown();
        List<MeshPublisher<GenericRecord>> publishers = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<MeshPublisher<GenericRecord>> publisher : opened) {
            try {
                publishers.add(publisher.join());
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (failure != null) {
            publishers.forEach(MeshPublisher::close);
            throw failure;
        }
        // The misbehaving producer writes raw bytes onto sales' ingress topic, as sales.
        MeshConfig sales = configOf.apply("sales");
        Map<String, Object> rawConfig = new HashMap<>(sales.kafkaProperties());
        rawConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sales.bootstrapServers());
        rawConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-misbehaving-producer");
        KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(rawConfig, new ByteArraySerializer(),
                new ByteArraySerializer());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-domains");
            t.setDaemon(true);
            return t;
        });
        DemoDomains demo = new DemoDomains(publishers, raw, scheduler);
        long periodMicros = Math.max(1, 1_000_000L / Math.max(1, rate));
        scheduler.scheduleAtFixedRate(demo::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
        return demo;
    }

    static DataProduct orders() {
        return DataProduct.builder("sales", "orders")
                .title("Web shop orders")
                .description("Every order placed in the web shop and the app, as it is confirmed.")
                .owner("sales-platform", "sales-platform@example.com")
                .tags("orders", "revenue")
                .schema(BundledSchemas.load(BundledSchemas.SALES_ORDERS))
                .protect(PiiCategory.EMAIL, PiiProtection.HASH)
                .protect(PiiCategory.ADDRESS, PiiProtection.MASK)
                .qualityRule("positive-total", "record.total >= 0.0", RuleAction.QUARANTINE)
                .qualityRule("known-currency", "record.currency in ['EUR', 'USD']", RuleAction.WARN)
                .maxInterval(Duration.ofSeconds(30))
                .maxViolationRate(0.10)
                .build();
    }

    static DataProduct profiles() {
        return DataProduct.builder("customers", "profiles")
                .title("Customer profiles")
                .description("The master record of each customer: contact details, address and loyalty tier.")
                .owner("crm", "crm-team@example.com")
                .tags("customers", "master-data")
                .schema(BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES))
                .protect(PiiCategory.NAME, PiiProtection.MASK)
                .protect(PiiCategory.EMAIL, PiiProtection.HASH)
                .protect(PiiCategory.PHONE, PiiProtection.MASK)
                .protect(PiiCategory.ADDRESS, PiiProtection.MASK)
                .protect(PiiCategory.DATE_OF_BIRTH, PiiProtection.ENCRYPT)
                .qualityRule("valid-email", "record.email.contains('@')", RuleAction.QUARANTINE)
                .maxInterval(Duration.ofSeconds(30))
                .maxViolationRate(0.10)
                .build();
    }

    static DataProduct shipments() {
        return DataProduct.builder("logistics", "shipments")
                .title("Shipments")
                .description("Parcels leaving our warehouses, with carrier and tracking number.")
                .owner("logistics-ops", "logistics@example.com")
                .tags("logistics")
                .schema(BundledSchemas.load(BundledSchemas.LOGISTICS_SHIPMENTS))
                .protect(PiiCategory.NAME, PiiProtection.MASK)
                .protect(PiiCategory.PHONE, PiiProtection.HASH)
                .qualityRule("positive-weight", "record.weightGrams > 0", RuleAction.QUARANTINE)
                .maxInterval(Duration.ofSeconds(30))
                .maxViolationRate(0.10)
                .build();
    }

    private int ticks;

    private void tick() {
        try {
            ticks++;
            int roll = random.nextInt(100);
            publishers.get(0).publish("ORD-" + ticks, order(roll < 4 ? -random.nextInt(100) : 5 + random.nextInt(400)));
            publishers.get(1).publish("C-" + random.nextInt(100_000), profile(roll >= 4 && roll < 7));
            publishers.get(2).publish("SHP-" + ticks, shipment());
            if (roll >= 97) {
                misbehave(roll == 99);
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Demo publish failed: {}", e.getMessage());
        }
    }

    /** What a buggy producer sends: another product's schema, or bytes that are not a record at all. */
    private void misbehave(boolean garbage) {
        MeshPublisher<GenericRecord> shipments = publishers.get(2);
        byte[] value;
        if (garbage) {
            value = "{\"orderId\": \"oops, JSON instead of Avro\"}".getBytes(StandardCharsets.UTF_8);
        } else {
            value = Framing.frame(shipments.globalId(), shipment());
        }
        raw.send(new ProducerRecord<>(publishers.get(0).topic(), null, "ORD-BAD".getBytes(StandardCharsets.UTF_8),
                value, new RecordHeaders().add(MeshHeaders.PRODUCT_ID, "sales.orders".getBytes(StandardCharsets.UTF_8))));
    }

    private GenericRecord order(double total) {
        Schema schema = publishers.get(0).product().schema();
        GenericRecord item = new GenericData.Record(schema.getField("items").schema().getElementType());
        item.put("sku", String.format("SKU-%04d", random.nextInt(10_000)));
        item.put("productName", ITEMS[random.nextInt(ITEMS.length)]);
        item.put("quantity", 1 + random.nextInt(3));
        item.put("unitPrice", Math.abs(total));
        GenericRecord address = new GenericData.Record(schema.getField("shippingAddress").schema());
        address.put("street", (1 + random.nextInt(200)) + " Main Street");
        address.put("city", CITIES[random.nextInt(CITIES.length)]);
        address.put("postalCode", String.format("%05d", random.nextInt(100_000)));
        address.put("country", "FR");
        GenericRecord order = new GenericData.Record(schema);
        order.put("orderId", "ORD-" + ticks);
        order.put("customerId", "C-" + random.nextInt(100_000));
        order.put("customerEmail", person().toLowerCase().replace(' ', '.') + "@example.com");
        order.put("items", List.of(item));
        order.put("total", total);
        order.put("currency", random.nextInt(20) == 0 ? "GBP" : "EUR");
        order.put("shippingAddress", address);
        order.put("channel", new GenericData.EnumSymbol(schema.getField("channel").schema(),
                random.nextBoolean() ? "WEB" : "APP"));
        order.put("orderedAt", Instant.now().toEpochMilli());
        return order;
    }

    private GenericRecord profile(boolean leakEmail) {
        Schema schema = publishers.get(1).product().schema();
        String name = person();
        GenericRecord address = new GenericData.Record(schema.getField("address").schema());
        address.put("street", (1 + random.nextInt(200)) + " Rue Victor Hugo");
        address.put("city", CITIES[random.nextInt(CITIES.length)]);
        address.put("postalCode", String.format("%05d", random.nextInt(100_000)));
        address.put("country", "FR");
        GenericRecord p = new GenericData.Record(schema);
        p.put("customerId", "C-" + random.nextInt(100_000));
        p.put("fullName", name);
        p.put("email", name.toLowerCase().replace(' ', '.') + "@example.com");
        p.put("phone", String.format("+33 6 %02d %02d %02d %02d", random.nextInt(100), random.nextInt(100),
                random.nextInt(100), random.nextInt(100)));
        p.put("address", address);
        p.put("dateOfBirth", String.format("19%02d-%02d-%02d", 50 + random.nextInt(50), 1 + random.nextInt(12),
                1 + random.nextInt(28)));
        p.put("loyaltyTier", new GenericData.EnumSymbol(schema.getField("loyaltyTier").schema(),
                new String[] {"BRONZE", "SILVER", "GOLD"}[random.nextInt(3)]));
        p.put("marketingOptIn", random.nextBoolean());
        p.put("attributes", leakEmail ? Map.of("preferredContact", "backup address " + name.toLowerCase()
                .replace(' ', '_') + "@mail.example.org") : Map.of("preferredStore", CITIES[random.nextInt(CITIES.length)]));
        p.put("createdAt", Instant.now().toEpochMilli());
        return p;
    }

    private GenericRecord shipment() {
        Schema schema = publishers.get(2).product().schema();
        GenericRecord s = new GenericData.Record(schema);
        s.put("shipmentId", "SHP-" + ticks);
        s.put("orderId", "ORD-" + random.nextInt(Math.max(1, ticks)));
        s.put("carrier", random.nextBoolean() ? "DHL" : "UPS");
        s.put("trackingNumber", String.format("1Z%03X%010d", random.nextInt(4096), random.nextInt(1_000_000_000)));
        s.put("recipientName", person());
        s.put("recipientPhone", random.nextInt(4) == 0 ? null : String.format("+49 151 %04d %04d",
                random.nextInt(10_000), random.nextInt(10_000)));
        s.put("weightGrams", 200 + random.nextInt(20_000));
        s.put("warehouse", "WH-" + CITIES[random.nextInt(CITIES.length)].toUpperCase());
        s.put("shippedAt", Instant.now().toEpochMilli());
        return s;
    }

    private String person() {
        return FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publishers.forEach(MeshPublisher::close);
        raw.close(Duration.ofSeconds(5));
    }
}
