package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.cli.ops.CliAs.Run;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.contract.pii.keys.SubjectHasher;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.events.ErasureEvent;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.governance.app.GovernanceApp;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.config.GovernanceSettings;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshConsumer;
import dev.meshbone.sdk.MeshPublisher;
import dev.meshbone.sdk.MeshRecord;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding end to end, against the real broker and registry: two products whose data subjects are customers,
 * 1 000 customers each, governed by a running governance; {@code mesh forget} one customer; then that person's ENCRYPT
 * values are unreadable on both public topics (by a key-holding {@code MeshConsumer}, and with the KEK and the raw
 * topics once compaction has run), the 999 others still decrypt, and restarts of governance and consumers bring
 * nothing back.
 */
@ExtendWith(MeshClusterExtension.class)
class ForgetIT {

    private static final int CUSTOMERS = 1_000;
    private static final Duration READ = Duration.ofSeconds(90);
    private static final MeshEventSerde<SubjectKey> KEYS = MeshEventSerde.of(SubjectKey.class);
    private static final MeshEventSerde<ErasureEvent> ERASURES = MeshEventSerde.of(ErasureEvent.class);

    private static final String ORDER = """
            {"type": "record", "name": "Order", "namespace": "dev.meshbone.it.forget", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "customerId", "type": "string", "pii.subject": "customer"},
              {"name": "email", "type": "string", "pii": "EMAIL"},
              {"name": "total", "type": "double"}]}""";
    private static final String PROFILE = """
            {"type": "record", "name": "Profile", "namespace": "dev.meshbone.it.forget", "fields": [
              {"name": "customerId", "type": "string", "pii.subject": "customer"},
              {"name": "fullName", "type": "string", "pii": "NAME"},
              {"name": "dateOfBirth", "type": ["null", "string"], "default": null, "pii": "DATE_OF_BIRTH"}]}""";

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String domain = "shop-" + run;
    private final String team = "support-" + run;
    /** The ops principal `mesh forget` runs as, with exactly the ACL plan's ops rows. */
    private final String opsUser = "ops-" + run;

    private CliAs admin;
    private CliAs ops;

    @Test
    void shouldForgetOneCustomerOnBothProductsAndNobodyElse(MeshCluster cluster) throws Exception {
        // Given two products of customers, governed, with 1 000 customers each, and a consumer holding the keys
        Path keystore = dir.resolve("keystore.p12");
        LocalKeystore kek = LocalKeystore.openOrCreate(keystore);
        try (Admin admin = cluster.createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(MeshTopicDefinitions.ALL, Duration.ofSeconds(30));
        }
        String appId = MeshClusterExtension.uniqueName("gov-forget");
        Path state = Files.createDirectories(dir.resolve("governance"));
        String victim = customer(42);
        Map<String, String> emails = new HashMap<>();
        Map<String, String> births = new HashMap<>();
        MeshPrincipal support = cluster.createPrincipal(team, PrincipalKind.CONSUMER);
        MeshConfig keys = MeshConfig.builder().properties(properties(cluster.settings(support))).keystore(keystore)
                .build();
        String victimKey;
        // The products' ingress topics exist before governance starts, as with `mesh up`: a topic that appears
        // later makes Kafka Streams replace its thread (it cannot add a topic to a running pattern subscription).
        MeshPublisher<GenericRecord> firstOrders = publisher(cluster, orders());
        MeshPublisher<GenericRecord> firstProfiles = publisher(cluster, profiles());
        GovernanceApp governance = GovernanceApp.start(governanceConfig(cluster, appId, state, keystore));
        try {
            try (MeshPublisher<GenericRecord> orders = firstOrders; MeshPublisher<GenericRecord> profiles = firstProfiles) {
                for (int i = 0; i < CUSTOMERS; i++) {
                    emails.put(customer(i), "c" + i + "." + run + "@example.com");
                    births.put(customer(i), String.format("19%02d-%02d-%02d", 40 + i % 60, 1 + i % 12, 1 + i % 28));
                    orders.publish(customer(i), order(orders, "O-" + i, customer(i), emails.get(customer(i))));
                    profiles.publish(customer(i), profile(profiles, customer(i), births.get(customer(i))));
                }
            }
            // The tokens, as a consumer without key access reads them (plain strings to any Avro reader); and a team
            // granted both products with key access
            Map<String, String> raw = tokens(cluster, "orders", "orderId", orderIds(0, CUSTOMERS), "email");
            Map<String, String> rawProfiles = tokens(cluster, "profiles", "customerId", customers(0, CUSTOMERS),
                    "dateOfBirth");
            for (String product : List.of("orders", "profiles")) {
                Run granted = mesh(cluster, "access", "grant", domain + "." + product, "--to", team, "--with-keys");
                assertThat(granted.exit()).as(granted.err()).isZero();
                assertThat(granted.out()).contains("with key access", "mesh.keys");
            }
            waiting().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    MeshConsumer.builder(keys, domain + ".orders", GenericRecord.class).groupId(team + ".probe")
                            .build().close());
            Map<String, MeshRecord<GenericRecord>> orderRecords = read(keys, "orders",
                    "orderId", orderIds(0, CUSTOMERS));
            Map<String, MeshRecord<GenericRecord>> profileRecords = read(keys, "profiles",
                    "customerId", customers(0, CUSTOMERS));
            assertThat(orderRecords.values()).allSatisfy(r -> {
                assertThat(r.erasedFields()).isEmpty();
                assertThat(r.value().get("email").toString()).isEqualTo(emails.get(customerOf(r)));
            });
            assertThat(profileRecords.values()).allSatisfy(r ->
                    assertThat(r.value().get("dateOfBirth").toString()).isEqualTo(births.get(customerOf(r))));
            // One key per person, shared by both products: they carry the same kind of subject
            victimKey = SubjectCipher.keyIdOf(raw.get(victim)).orElseThrow();
            assertThat(SubjectCipher.keyIdOf(rawProfiles.get(victim))).contains(victimKey);
            assertThat(raw.values().stream().map(t -> SubjectCipher.keyIdOf(t).orElseThrow()).distinct())
                    .hasSize(CUSTOMERS);

            // When
            speedUpCompaction(cluster);
            long erasuresBefore = readRaw(cluster, MeshTopics.ERASURES).size();
            Run forgot = ops(cluster, "forget", "--subject", "customer:" + victim, "--reason", "ticket-42",
                    "--keystore", keystore.toString());

            // Then the CLI says what it did, and what remains
            assertThat(forgot.exit()).as(forgot.err()).isZero();
            assertThat(forgot.out()).contains("Forgot customer:" + victim + ": 1 data key tombstoned on mesh.keys",
                    domain + ".orders", domain + ".profiles", "compaction within",
                    "may remain in mesh.governance.quarantine until", "linkable pseudonyms");

            // And a key-holding consumer reads the person's ENCRYPT fields as erased, on both topics, and nobody else's
            assertForgotten(read(keys, "orders", "orderId", orderIds(0, CUSTOMERS)),
                    read(keys, "profiles", "customerId", customers(0, CUSTOMERS)), victim,
                    emails, births);

            // And once compaction has run (new customers keep arriving meanwhile), the key's record is gone from
            // mesh.keys read raw: no key there opens the person's tokens, with the KEK in hand
            String victimHash = SubjectHasher.of(kek).hash(Subject.parse("customer:" + victim));
            String victimRecord = new KeyTopicKey(victimHash, victimKey).toString();
            assertThat(readRaw(cluster, MeshTopics.KEYS)).as("keyed by the subject's hash")
                    .anyMatch(r -> victimRecord.equals(new String(r.key(), StandardCharsets.UTF_8)));
            AtomicInteger newcomers = new AtomicInteger(CUSTOMERS);
            try (MeshPublisher<GenericRecord> orders = publisher(cluster, orders())) {
                waiting().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    int i = newcomers.getAndIncrement();
                    emails.put(customer(i), "c" + i + "." + run + "@example.com");
                    orders.publishAndWait(customer(i), order(orders, "O-" + i, customer(i), emails.get(customer(i))));
                    assertThat(readRaw(cluster, MeshTopics.KEYS)).noneMatch(r -> r.value() != null
                            && victimRecord.equals(new String(r.key(), StandardCharsets.UTF_8)));
                });
            }
            List<DataKey> everyKey = readRaw(cluster, MeshTopics.KEYS).stream().filter(r -> r.value() != null)
                    .map(r -> KEYS.decode(r.value()))
                    .map(k -> new DataKey(k.getKeyId(), k.getVersion(), kek.unwrap(k.getKekId(), bytes(k.getWrappedKey()))))
                    .toList();
            assertThat(everyKey).hasSizeGreaterThanOrEqualTo(CUSTOMERS - 1).noneMatch(k -> opens(raw.get(victim), k)
                    || opens(rawProfiles.get(victim), k));
            assertThat(everyKey.stream().filter(k -> opens(raw.get(customer(7)), k))).hasSize(1);

            // And a new record of the forgotten customer gets a new key
            String newEmail = "back." + run + "@example.com";
            try (MeshPublisher<GenericRecord> orders = publisher(cluster, orders())) {
                orders.publishAndWait(victim, order(orders, "O-again", victim, newEmail));
            }
            MeshRecord<GenericRecord> again = read(keys, "orders", "orderId",
                    Set.of("O-again")).get(victim);
            assertThat(again.erasedFields()).isEmpty();
            assertThat(again.value().get("email").toString()).isEqualTo(newEmail);
            assertThat(SubjectCipher.keyIdOf(tokens(cluster, "orders", "orderId", Set.of("O-again"), "email")
                    .get(victim))).isPresent().get().isNotEqualTo(victimKey);
        } finally {
            governance.close();
        }

        // When governance and the consumers restart
        try (GovernanceApp restarted = GovernanceApp.start(governanceConfig(cluster, appId, state, keystore))) {
            // Then the forgotten values stay forgotten, the others decrypt, and records keep flowing
            try (MeshPublisher<GenericRecord> orders = publisher(cluster, orders())) {
                orders.publishAndWait(customer(3), order(orders, "O-after", customer(3), "after." + run + "@example.com"));
            }
            MeshRecord<GenericRecord> after = read(keys, "orders", "orderId",
                    Set.of("O-after")).get(customer(3));
            assertThat(after.value().get("email").toString()).isEqualTo("after." + run + "@example.com");
            assertForgotten(read(keys, "orders", "orderId", orderIds(0, CUSTOMERS)),
                    read(keys, "profiles", "customerId", customers(0, CUSTOMERS)), victim,
                    emails, births);
        }

        // And mesh.keys never held a subject id, nor the erasure and violation events a personal value
        for (ConsumerRecord<byte[], byte[]> r : readRaw(cluster, MeshTopics.KEYS)) {
            assertThat(text(r)).doesNotContain(run + "-").doesNotContain(run + "@");
        }
        List<ConsumerRecord<byte[], byte[]>> erasures = readRaw(cluster, MeshTopics.ERASURES);
        ErasureEvent event = erasures.stream().map(r -> ERASURES.decode(r.value()))
                .filter(e -> e.getKeyIds().contains(victimKey)).findFirst().orElseThrow();
        assertThat(event.getSubjectKind()).isEqualTo("customer");
        assertThat(event.getProducts()).containsExactly(domain + ".orders", domain + ".profiles");
        assertThat(event.getReason()).isEqualTo("ticket-42");
        assertThat(event.getRequestedBy()).isEqualTo(opsUser);
        for (String topic : List.of(MeshTopics.ERASURES, MeshTopics.VIOLATIONS)) {
            for (ConsumerRecord<byte[], byte[]> r : readRaw(cluster, topic)) {
                // Product ids hold the run too (shop-<run>.orders); customer ids and e-mails never may
                assertThat(text(r)).as(topic).doesNotContain(run + "-").doesNotContain(run + "@");
            }
        }

        // And --status says the key is gone; a subject the mesh never saw is refused with nothing written
        Run status = ops(cluster, "forget", "--status", "--limit", "100", "--keystore", keystore.toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern(event.getSubjectHash().replace(".", "\\.") + "\\s+1\\s+gone");
        int erasuresNow = erasures.size();
        Run unknown = ops(cluster, "forget", "--subject", "customer:nobody-" + run, "--keystore", keystore.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("mesh: the mesh has never seen customer:nobody-" + run);
        assertThat(unknown.err().strip().lines()).hasSize(1);
        assertThat(readRaw(cluster, MeshTopics.ERASURES)).hasSize(erasuresNow);
    }

    private static void assertForgotten(Map<String, MeshRecord<GenericRecord>> orders,
                                        Map<String, MeshRecord<GenericRecord>> profiles, String victim,
                                        Map<String, String> emails, Map<String, String> births) {
        assertThat(orders).hasSize(CUSTOMERS);
        assertThat(profiles).hasSize(CUSTOMERS);
        MeshRecord<GenericRecord> order = orders.get(victim);
        assertThat(order.value().get("email")).isNull();
        assertThat(order.erasedFields()).containsExactly("email");
        assertThat(order.value().get("total")).isEqualTo(42.0);
        MeshRecord<GenericRecord> profile = profiles.get(victim);
        assertThat(profile.value().get("dateOfBirth")).isNull();
        assertThat(profile.erasedFields()).containsExactly("dateOfBirth");
        assertThat(profile.value().get("fullName").toString()).as("MASK keeps its hint").startsWith("J");
        assertThat(orders.values().stream().filter(r -> !customerOf(r).equals(victim))).hasSize(CUSTOMERS - 1)
                .allSatisfy(r -> {
                    assertThat(r.erasedFields()).isEmpty();
                    assertThat(r.value().get("email").toString()).isEqualTo(emails.get(customerOf(r)));
                });
        assertThat(profiles.values().stream().filter(r -> !customerOf(r).equals(victim))).hasSize(CUSTOMERS - 1)
                .allSatisfy(r -> assertThat(r.value().get("dateOfBirth").toString())
                        .isEqualTo(births.get(customerOf(r))));
    }

    private String customer(int i) {
        return run + "-" + i;
    }

    private DataProduct orders() {
        return DataProduct.builder(domain, "orders").title("Orders").owner("shop", "shop@example.com").schema(ORDER)
                .protect(PiiCategory.EMAIL, PiiProtection.ENCRYPT).build();
    }

    private DataProduct profiles() {
        return DataProduct.builder(domain, "profiles").title("Profiles").owner("crm", "crm@example.com")
                .schema(PROFILE).protect(PiiCategory.NAME, PiiProtection.MASK)
                .protect(PiiCategory.DATE_OF_BIRTH, PiiProtection.ENCRYPT).build();
    }

    private static MeshPublisher<GenericRecord> publisher(MeshCluster cluster, DataProduct product) {
        return MeshPublisher.open(MeshConfig.builder().properties(cluster.settingsProperties()).build(), product,
                GenericRecord.class);
    }

    private static GenericRecord order(MeshPublisher<GenericRecord> publisher, String orderId, String customer,
                                       String email) {
        GenericRecord r = new GenericData.Record(publisher.product().schema());
        r.put("orderId", orderId);
        r.put("customerId", customer);
        r.put("email", email);
        r.put("total", 42.0);
        return r;
    }

    private static GenericRecord profile(MeshPublisher<GenericRecord> publisher, String customer, String birth) {
        GenericRecord r = new GenericData.Record(publisher.product().schema());
        r.put("customerId", customer);
        r.put("fullName", "Jane Doe");
        r.put("dateOfBirth", birth);
        return r;
    }

    private static GovernanceConfig governanceConfig(MeshCluster cluster, String appId, Path state, Path keystore) {
        Properties props = new Properties();
        props.putAll(cluster.settings());
        props.setProperty("governance.application.id", appId);
        props.setProperty("governance.instance.id", appId);
        props.setProperty("governance.state.dir", state.toString());
        props.setProperty("governance.http.port", "0");
        props.setProperty("governance.pii.hmac.secret", "forget-it-secret-0123456789");
        props.setProperty(GovernanceSettings.KEYSTORE, keystore.toString());
        props.setProperty("governance.hold.grace.ms", "10000");
        props.setProperty("governance.topic.refresh.ms", "500");
        props.setProperty("governance.public.topic.partitions", "3");
        return GovernanceConfig.from(props);
    }

    /**
     * Awaitility, minus its default of failing on any thread's uncaught exception: a governance stream thread that
     * fails is replaced by design (and resumes from its last commit).
     */
    private static ConditionFactory waiting() {
        return Awaitility.await().dontCatchUncaughtExceptions();
    }

    private static Properties properties(Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        return props;
    }

    private Set<String> orderIds(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "O-" + i).collect(Collectors.toSet());
    }

    private Set<String> customers(int from, int to) {
        return IntStream.range(from, to).mapToObj(this::customer).collect(Collectors.toSet());
    }

    private static String customerOf(MeshRecord<GenericRecord> r) {
        return r.value().get("customerId").toString();
    }

    /**
     * The product's records whose {@code idField} is one of {@code ids}, read by a new consumer from the beginning
     * until it has them all, by customer.
     */
    private Map<String, MeshRecord<GenericRecord>> read(MeshConfig config, String product, String idField,
                                                        Set<String> ids) {
        Map<String, MeshRecord<GenericRecord>> byCustomer = new HashMap<>();
        Set<String> found = new HashSet<>();
        try (MeshConsumer<GenericRecord> consumer = MeshConsumer.builder(config, domain + "." + product,
                GenericRecord.class).groupId(team + "." + UUID.randomUUID()).build()) {
            waiting().atMost(READ).until(() -> {
                for (MeshRecord<GenericRecord> r : consumer.poll(Duration.ofMillis(500))) {
                    String id = r.value().get(idField).toString();
                    if (ids.contains(id)) {
                        found.add(id);
                        byCustomer.put(customerOf(r), r);
                    }
                }
                return found.size() == ids.size();
            });
        }
        return byCustomer;
    }

    /** A field as it is on the public topic, by customer: the tokens, read without key access. */
    private Map<String, String> tokens(MeshCluster cluster, String product, String idField, Set<String> ids,
                                       String field) {
        Map<String, String> tokens = new HashMap<>();
        read(MeshConfig.builder().properties(cluster.settingsProperties()).build(), product, idField, ids)
                .forEach((customer, r) -> tokens.put(customer, r.value().get(field).toString()));
        return tokens;
    }

    /** Small segments, eager cleaning: a tombstoned key is compacted away in seconds instead of an hour. */
    private static void speedUpCompaction(MeshCluster cluster) throws Exception {
        try (Admin admin = cluster.createAdmin()) {
            Collection<AlterConfigOp> topic = List.of(
                    set(TopicConfig.SEGMENT_MS_CONFIG, "500"),
                    set(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "500"),
                    set(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"));
            Collection<AlterConfigOp> broker = List.of(set("log.cleaner.backoff.ms", "500"));
            admin.incrementalAlterConfigs(Map.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, MeshTopics.KEYS), topic,
                    new ConfigResource(ConfigResource.Type.BROKER, ""), broker)).all().get();
        }
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(MeshCluster cluster, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Properties props = cluster.clientProperties();
        props.put("client.id", "forget-it-raw");
        TopicReader.readAll(props, topic, records::add);
        return records;
    }

    private static String text(ConsumerRecord<byte[], byte[]> r) {
        return (r.key() == null ? "" : new String(r.key(), StandardCharsets.ISO_8859_1))
                + (r.value() == null ? "" : new String(r.value(), StandardCharsets.ISO_8859_1));
    }

    private static boolean opens(String token, DataKey key) {
        try {
            SubjectCipher.decrypt(token, key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** The CLI as the admin (granting access changes ACLs). */
    private Run mesh(MeshCluster cluster, String... args) {
        if (admin == null) {
            admin = CliAs.admin(cluster, dir);
        }
        return admin.run(args);
    }

    /** The CLI as an ops principal holding the plan's ops rows and nothing more. */
    private Run ops(MeshCluster cluster, String... args) throws Exception {
        if (ops == null) {
            ops = CliAs.ops(cluster, dir, opsUser, "forget", "--status");
        }
        return ops.run(args);
    }
}
