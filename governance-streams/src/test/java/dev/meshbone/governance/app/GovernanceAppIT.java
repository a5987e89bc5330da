package dev.meshbone.governance.app;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.contract.pii.keys.SubjectHasher;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshPublisher;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance against the real broker and registry: good records published through the SDK, bad ones of every kind
 * through a raw producer; exact counts on every output, read committed.
 */
@ExtendWith(MeshClusterExtension.class)
class GovernanceAppIT {

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);
    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);

    @TempDir
    Path stateDir;

    /** One product set-up per test: a unique domain so tests never see each other's records. */
    private Outputs.Scenario scenario(MeshCluster cluster) throws Exception {
        return scenario(cluster, PiiProtection.HASH);
    }

    /** The scenario with the customer's e-mail protected as {@code email} says. */
    private Outputs.Scenario scenario(MeshCluster cluster, PiiProtection email) throws Exception {
        String domain = MeshClusterExtension.uniqueName("sales");
        RegistryRest registry = new RegistryRest(cluster.registryApiUrl(), cluster.registryHeaders());
        long orderId;
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(
                MeshConfig.builder().properties(cluster.settingsProperties()).build(), orders(domain, email),
                GenericRecord.class)) {
            orderId = publisher.globalId(); // the SDK registers the contract and announces it
        }
        long noteId = registry.register(domain, "orders", ORDER_WITH_NOTE);
        long noneTextId = registry.register(domain, "orders", ORDER_WITH_NONE_TEXT);
        long profileId = registry.register(domain + "-crm", "profiles", PROFILE);
        long retiredId = registry.register(domain, "legacy", ORDER);
        Outputs.Scenario s = new Outputs.Scenario(domain, new ProductId(domain, "orders").ingressTopic(),
                new ProductId(domain, "orders").major(1).publicTopic(), new ProductId(domain, "legacy").ingressTopic(), orderId, noteId,
                noneTextId, profileId, retiredId);
        cluster.createTopic(s.ingress(), 3);
        cluster.createTopic(s.retiredIngress(), 1);
        try (KafkaProducer<String, DataProductDescriptor> producer = new KafkaProducer<>(cluster.clientProperties(),
                new StringSerializer(), DESCRIPTORS.serializer())) {
            DataProductDescriptor legacy = ordersDescriptor().setId(domain + ".legacy").setDomain(domain)
                    .setName("legacy").setStatus(ProductStatus.RETIRED)
                    .setSchemaRef(new SchemaRef(domain, "legacy", "1", retiredId))
                    .setIngressTopic(s.retiredIngress()).setPublicTopic(new ProductId(domain, "legacy").major(1).publicTopic())
                    .build();
            // Announced on the domain's contract topic (the SDK created it): governance puts it in force.
            producer.send(new ProducerRecord<>(MeshTopicDefinitions.contracts(domain).name(),
                    new ProductId(domain, "legacy").major(1).toString(), legacy)).get();
        }
        return s;
    }

    private GovernanceConfig config(MeshCluster cluster, String appId, Path state) {
        Properties props = new Properties();
        props.putAll(cluster.settings());
        props.setProperty("registry.url", cluster.registryApiUrl());
        props.setProperty("governance.application.id", appId);
        props.setProperty("governance.state.dir", state.toString());
        props.setProperty("governance.http.port", "0");
        props.setProperty("governance.pii.hmac.secret", HMAC_SECRET);
        props.setProperty("governance.keys.keystore", KEYSTORE.file().toString());
        props.setProperty("governance.hold.grace.ms", "3000");
        props.setProperty("governance.topic.refresh.ms", "1000");
        props.setProperty("governance.public.topic.partitions", "3");
        return GovernanceConfig.from(props);
    }

    /** Good records through the SDK, as a domain service publishes them. */
    private List<String> publishGood(MeshCluster cluster, Outputs.Scenario s, int count) {
        return publishGood(cluster, s, orders(s.domain()), count, 1);
    }

    /** Good records of {@code customers} customers (order i is customer {@code <domain>-<i mod customers>}'s). */
    private List<String> publishGood(MeshCluster cluster, Outputs.Scenario s, DataProduct product, int count,
                                     int customers) {
        List<String> emails = new ArrayList<>();
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(
                MeshConfig.builder().properties(cluster.settingsProperties()).build(), product,
                GenericRecord.class)) {
            for (int i = 0; i < count; i++) {
                String email = "customer" + i + "@example.com";
                emails.add(email);
                GenericRecord order = order("ORD-" + i, 10 + i % 90, "EUR", email);
                order.put("customerId", s.domain() + "-" + i % customers);
                publisher.publish("ORD-" + i, order);
            }
        }
        return emails;
    }

    /** The same contract as {@link Fixtures#ordersDescriptor()}, declared through the SDK. */
    private static DataProduct orders(String domain) {
        return orders(domain, PiiProtection.HASH);
    }

    private static DataProduct orders(String domain, PiiProtection email) {
        return DataProduct.builder(domain, "orders").title("Orders").owner("sales-platform", "sales@example.com")
                .schema(ORDER)
                .protect(PiiCategory.EMAIL, email)
                .protect(PiiCategory.ADDRESS, PiiProtection.MASK)
                .qualityRule("positive-total", "record.total >= 0.0", RuleAction.QUARANTINE)
                .qualityRule("known-currency", "record.currency in ['EUR', 'USD']", RuleAction.WARN)
                .build();
    }

    /** Bad records of every kind, five each, as raw bytes; returns them by the code governance must give. */
    private Map<ViolationCode, List<byte[]>> publishBad(MeshCluster cluster, Outputs.Scenario s) {
        Random random = new Random(42);
        Map<ViolationCode, List<byte[]>> bad = new EnumMap<>(ViolationCode.class);
        for (int i = 0; i < 5; i++) {
            byte[] noise = new byte[20 + i];
            random.nextBytes(noise);
            noise[0] = 1;
            bad.computeIfAbsent(ViolationCode.MALFORMED_RECORD, k -> new ArrayList<>()).add(noise);
            bad.computeIfAbsent(ViolationCode.UNKNOWN_SCHEMA, k -> new ArrayList<>())
                    .add(frame(987_654_321L + i, order("BAD-" + i, 1, "EUR", "x@example.com")));
            bad.computeIfAbsent(ViolationCode.SCHEMA_MISMATCH, k -> new ArrayList<>()).add(frame(s.profileId(), profile()));
            GenericRecord noted = order(ORDER_WITH_NOTE, "BAD-" + i, 1, "EUR", "y@example.com");
            noted.put("note", "send the invoice to accounting" + i + "@example.net");
            bad.computeIfAbsent(ViolationCode.UNTAGGED_PII, k -> new ArrayList<>()).add(frame(s.noteId(), noted));
            bad.get(ViolationCode.UNTAGGED_PII).add(Outputs.noneTaggedEmail(s, i));
            bad.computeIfAbsent(ViolationCode.RULE_FAILED, k -> new ArrayList<>())
                    .add(frame(s.orderId(), order("BAD-" + i, -1, "EUR", "z@example.com")));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            bad.forEach((code, values) -> values.forEach(v -> producer.send(new ProducerRecord<>(s.ingress(),
                    ("bad-" + code).getBytes(StandardCharsets.UTF_8), v))));
            List<byte[]> retired = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] v = frame(s.retiredId(), order("OLD-" + i, 1, "EUR", "old@example.com"));
                retired.add(v);
                producer.send(new ProducerRecord<>(s.retiredIngress(), "old".getBytes(StandardCharsets.UTF_8), v));
            }
            bad.put(ViolationCode.RETIRED_PRODUCT, retired);
        }
        return bad;
    }

    @Test
    void shouldRouteEveryRecordExactlyOnce(MeshCluster cluster) throws Exception {
        // Given
        Outputs.Scenario s = scenario(cluster);
        try (GovernanceApp app = GovernanceApp.start(config(cluster, MeshClusterExtension.uniqueName("gov"), stateDir))) {
            // The announcement check looks up the schema of every announcement on every contract topic of this shared
            // cluster (other tests' too): count the records' lookups from when this scenario's contracts are in force.
            Set<String> keys = Set.of(s.domain() + ".orders.v1", s.domain() + ".legacy.v1");
            assertThat(Outputs.readCommitted(cluster, MeshTopics.PRODUCTS,
                    r -> keys.contains(new String(r.key(), StandardCharsets.UTF_8)), 2)).hasSize(2);
            long warmUp = app.registryCalls();

            // When
            List<String> emails = publishGood(cluster, s, 10_000);
            Map<ViolationCode, List<byte[]>> bad = publishBad(cluster, s);

            // Then
            Outputs.assertExactOutcome(cluster, s, 10_000, emails, bad);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("meshbone_governance_records_accepted_total{product=\""
                    + s.domain() + ".orders\"} 10000.0");
            // Lookups are cached: the 3 known schemas no contract named cost two calls each, 5 unknown ids one each,
            // whatever the number of records (10 035 here); the 2 contracts' schemas were looked up by their check.
            assertThat(app.registryCalls() - warmUp).isLessThanOrEqualTo(3 * 2 + 5);
        }
    }

    @Test
    void shouldEncryptEachCustomersValuesUnderTheirOwnKeyOnMeshKeys(MeshCluster cluster) throws Exception {
        // Given
        Outputs.Scenario s = scenario(cluster, PiiProtection.ENCRYPT);
        int customers = 40;
        SubjectHasher hasher = SubjectHasher.of(KEYSTORE);
        Map<String, String> hashToCustomer = new HashMap<>();
        for (int c = 0; c < customers; c++) {
            hashToCustomer.put(hasher.hash(new Subject("customer", s.domain() + "-" + c)), s.domain() + "-" + c);
        }
        try (GovernanceApp app = GovernanceApp.start(config(cluster, MeshClusterExtension.uniqueName("gov"), stateDir))) {
            // When
            List<String> emails = publishGood(cluster, s, orders(s.domain(), PiiProtection.ENCRYPT), 2_000,
                    customers);
            Map<ViolationCode, List<byte[]>> bad = publishBad(cluster, s);

            // Then: exactly once, as with HASH, every e-mail a token naming its key
            List<String> tokens = new ArrayList<>();
            Outputs.assertExactOutcome(cluster, s, 2_000, emails, bad, email -> {
                assertThat(SubjectCipher.isToken(email)).as(email).isTrue();
                tokens.add(email);
            });
            // Each customer's key is on mesh.keys, under the customer's hash (never the id), wrapped by the KEK
            List<ConsumerRecord<byte[], byte[]>> keyRecords = Outputs.readCommitted(cluster, MeshTopics.KEYS,
                    r -> hashToCustomer.containsKey(KeyTopicKey.parse(new String(r.key(), StandardCharsets.UTF_8))
                            .map(KeyTopicKey::subjectHash).orElse("")), customers);
            Map<String, DataKey> byKeyId = new HashMap<>();
            Map<String, String> customerOfKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : keyRecords) {
                String recordKey = new String(r.key(), StandardCharsets.UTF_8);
                assertThat(recordKey).doesNotContain(s.domain());
                assertThat(new String(r.value(), StandardCharsets.ISO_8859_1)).doesNotContain(s.domain());
                DataKey key = dataKey(r.value());
                byKeyId.put(key.keyId(), key);
                customerOfKey.put(key.keyId(), hashToCustomer.get(KeyTopicKey.parse(recordKey).orElseThrow()
                        .subjectHash()));
            }
            assertThat(customerOfKey.values()).containsAll(hashToCustomer.values());
            Set<String> clear = new HashSet<>(emails);
            Map<String, Set<String>> keysOfCustomer = new HashMap<>();
            for (String token : tokens) {
                String keyId = SubjectCipher.keyIdOf(token).orElseThrow();
                assertThat(byKeyId).as("the key of every token is on mesh.keys").containsKey(keyId);
                String email = SubjectCipher.decrypt(token, byKeyId.get(keyId));
                assertThat(clear).contains(email);
                int order = Integer.parseInt(email.substring("customer".length(), email.indexOf('@')));
                assertThat(customerOfKey.get(keyId)).as("the key of order %d's customer", order)
                        .isEqualTo(s.domain() + "-" + order % customers);
                keysOfCustomer.computeIfAbsent(customerOfKey.get(keyId), c -> new HashSet<>()).add(keyId);
            }
            assertThat(keysOfCustomer).hasSize(customers);
            assertThat(app.keyCache().created()).isEqualTo(byKeyId.size());
        }
    }

    @Test
    void shouldPutTheSdksAnnouncementInForceAndRefuseOneOnAnotherDomainsTopic(MeshCluster cluster) throws Exception {
        // Given the SDK's announcement on the domain's contract topic
        Outputs.Scenario s = scenario(cluster);
        String ordersId = s.domain() + ".orders";
        String ordersKey = new ProductId(s.domain(), "orders").major(1).toString();
        String foreignTopic = MeshTopicDefinitions.contracts(s.domain() + "-hr").name();
        try (GovernanceApp app = GovernanceApp.start(config(cluster, MeshClusterExtension.uniqueName("gov"), stateDir))) {
            List<ConsumerRecord<byte[], byte[]>> inForce = Outputs.readCommitted(cluster, MeshTopics.PRODUCTS,
                    r -> ordersKey.equals(new String(r.key(), StandardCharsets.UTF_8)), 1);
            assertThat(inForce).as("republished by governance").hasSize(1);
            DataProductDescriptor announced = DESCRIPTORS.decode(inForce.get(0).value());
            assertThat(announced.getStatus()).isEqualTo(ProductStatus.ACTIVE);

            // When another domain's topic (created while governance runs) announces the product retired
            cluster.createTopic(foreignTopic, 1, Map.of("cleanup.policy", "compact"));
            try (KafkaProducer<String, DataProductDescriptor> producer = new KafkaProducer<>(
                    cluster.clientProperties(), new StringSerializer(), DESCRIPTORS.serializer())) {
                producer.send(new ProducerRecord<>(foreignTopic, ordersKey, DataProductDescriptor.newBuilder(announced)
                        .setStatus(ProductStatus.RETIRED).build())).get();
            }

            // Then it is refused, and the product keeps its contract and accepts records
            List<ConsumerRecord<byte[], byte[]>> refused = Outputs.readCommitted(cluster, MeshTopics.VIOLATIONS,
                    r -> ordersId.equals(new String(r.key(), StandardCharsets.UTF_8)), 1);
            assertThat(refused).hasSize(1);
            GovernanceViolation violation = VIOLATIONS.decode(refused.get(0).value());
            assertThat(violation.getCode()).isEqualTo(ViolationCode.INVALID_CONTRACT);
            assertThat(violation.getSourceTopic()).isEqualTo(foreignTopic);
            assertThat(violation.getSourcePartition()).isZero();
            assertThat(violation.getSourceOffset()).isZero();
            assertThat(violation.getMessage()).contains("belongs to domain " + s.domain() + ", but it was announced on "
                    + foreignTopic);
            publishGood(cluster, s, 100);
            assertThat(Outputs.readCommitted(cluster, s.publicTopic(), r -> true, 100)).hasSize(100);
            assertThat(Outputs.readCommitted(cluster, MeshTopics.PRODUCTS,
                    r -> ordersKey.equals(new String(r.key(), StandardCharsets.UTF_8)), 1))
                    .as("the contract in force is unchanged").hasSize(1);
        }
    }

    @Test
    void shouldStayExactWithTwoInstancesSharingTheWork(MeshCluster cluster) throws Exception {
        // Given
        Outputs.Scenario s = scenario(cluster);
        String appId = MeshClusterExtension.uniqueName("gov");
        try (GovernanceApp first = GovernanceApp.start(config(cluster, appId, Files.createDirectories(stateDir.resolve("a"))));
             GovernanceApp second = GovernanceApp.start(config(cluster, appId, Files.createDirectories(stateDir.resolve("b"))))) {
            // When
            List<String> emails = publishGood(cluster, s, 3_000);
            Map<ViolationCode, List<byte[]>> bad = publishBad(cluster, s);

            // Then
            Outputs.assertExactOutcome(cluster, s, 3_000, emails, bad);
            assertThat(List.of(first.state(), second.state())).allMatch(st -> st.isRunningOrRebalancing());
        }
    }

    @Test
    void shouldCountEveryRecordOnceInTheStatsAcrossARestartAndASecondInstance(MeshCluster cluster) throws Exception {
        // Given
        Outputs.Scenario s = scenario(cluster);
        String appId = MeshClusterExtension.uniqueName("gov");

        // When records are routed, governance restarts on an empty state directory (its counts restored from the
        // changelog), more records are routed while a second instance joins and takes over some of the tasks
        try (GovernanceApp first = GovernanceApp.start(config(cluster, appId, Files.createDirectories(stateDir.resolve("a"))))) {
            publishGood(cluster, s, 1_000);
            Map<ViolationCode, List<byte[]>> bad = publishBad(cluster, s);
            Outputs.assertExactStats(cluster, expectedStats(s, 1_000, bad, 1));
        }
        try (GovernanceApp restarted = GovernanceApp.start(config(cluster, appId, Files.createDirectories(stateDir.resolve("b"))))) {
            publishGood(cluster, s, 500);
            try (GovernanceApp second = GovernanceApp.start(config(cluster, appId, Files.createDirectories(stateDir.resolve("c"))))) {
                Map<ViolationCode, List<byte[]>> publishedBad = publishBad(cluster, s);
                publishGood(cluster, s, 500);

                // Then every record counts once
                Outputs.assertExactStats(cluster, expectedStats(s, 2_000, publishedBad, 2));
            }
        }
    }

    /** The stats of {@code good} good records and {@code rounds} rounds of {@link #publishBad}, each as {@code bad}. */
    private static Map<String, Map<String, Long>> expectedStats(Outputs.Scenario s, long good,
                                                                Map<ViolationCode, List<byte[]>> bad, long rounds) {
        Map<String, Long> orders = new HashMap<>(Map.of("accepted", good, "warned", 0L));
        long quarantined = 0;
        for (Map.Entry<ViolationCode, List<byte[]>> code : bad.entrySet()) {
            if (code.getKey() != ViolationCode.RETIRED_PRODUCT) {
                orders.put(code.getKey().name(), code.getValue().size() * rounds);
                quarantined += code.getValue().size() * rounds;
            }
        }
        orders.put("quarantined", quarantined);
        long retired = bad.get(ViolationCode.RETIRED_PRODUCT).size() * rounds;
        return Map.of(s.domain() + ".orders", orders, s.domain() + ".legacy", Map.of("accepted", 0L,
                "quarantined", retired, "warned", 0L, ViolationCode.RETIRED_PRODUCT.name(), retired));
    }
}
