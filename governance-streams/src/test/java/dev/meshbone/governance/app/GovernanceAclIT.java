package dev.meshbone.governance.app;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.ProductId;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.events.DataProductDescriptor;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Governance end to end as its own principal ({@link PrincipalKind#GOVERNANCE}: registry {@code sr-readonly}, no Kafka
 * super user) with exactly the ACL plan's bindings, and the domain producing as the domain principal: the same
 * exact, read-committed counts as {@link GovernanceAppIT} on the public topic, the quarantine and the violations.
 * Descriptors are announced as {@link GovernanceAppIT} announces them (the SDK opened as the admin on
 * {@code mesh.products}), since the plan gives domains {@code mesh.contracts.<domain>}, not {@code mesh.products}.
 */
@ExtendWith(MeshClusterExtension.class)
class GovernanceAclIT {

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);
    private static final int GOOD = 1_000;

    @TempDir
    Path stateDir;

    @Test
    void shouldRouteEveryRecordExactlyOnceAsItsOwnPrincipalWithOnlyThePlansAcls(MeshCluster cluster)
            throws Exception {
        // Given a domain and governance with the plan's ACLs, nothing more
        String run = MeshClusterExtension.uniqueName("r").substring(2);
        String domain = "sales-" + run;
        String appId = "gov-app-" + run;
        MeshAccess.Platform platform = new MeshAccess.Platform("governance-" + run, "catalog-" + run, "ops-" + run,
                appId, "cat-app-" + run);
        AclPlan plan = AclPlan.of(MeshAccess.of(List.of(domain), Map.of(), platform));
        MeshPrincipal domainUser = cluster.createPrincipal(domain, PrincipalKind.DOMAIN);
        MeshPrincipal governance = cluster.createPrincipal(platform.governance(), PrincipalKind.GOVERNANCE);
        try (Admin admin = cluster.createAdmin()) {
            AclPlanApplier applier = new AclPlanApplier(admin, Duration.ofSeconds(15));
            applier.apply(plan, false, false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(applier.existing(plan.principals()))
                    .containsExactlyInAnyOrderElementsOf(plan.bindings()));
        }
        cluster.createRegistryGroup(domain, domain);
        Outputs.Scenario s = scenario(cluster, domain);

        GovernanceConfig config = config(cluster, governance, appId, stateDir);
        assertThat(config.registryUsername()).isEqualTo(governance.name());
        assertThat(config.streamsOverrides().get("sasl.jaas.config"))
                .contains("username=\"" + governance.name() + "\"");
        try (GovernanceApp app = GovernanceApp.start(config)) {
            // When the domain publishes as itself
            List<String> emails = publishGood(cluster, domainUser, s, GOOD);
            Map<ViolationCode, List<byte[]>> bad = publishBad(cluster, domainUser, s);

            // Then every record is routed exactly once
            Outputs.assertExactOutcome(cluster, s, GOOD, emails, bad);
            assertThat(app.state().isRunningOrRebalancing()).isTrue();
            // It created the public topic itself (CREATE on the domain's prefix), and it is no super user
            try (Admin admin = cluster.createAdmin()) {
                assertThat(admin.listTopics().names().get()).contains(s.publicTopic());
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(cluster, governance),
                    new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(MeshTopics.CATALOG, "k", null)).get())
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    private static Properties producerProperties(MeshCluster cluster, MeshPrincipal principal) {
        Properties props = cluster.clientProperties(principal);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return props;
    }

    /** One product set-up: a unique domain so that no other test's records count. */
    private Outputs.Scenario scenario(MeshCluster cluster, String domain) throws Exception {
        RegistryRest registry = new RegistryRest(cluster.registryApiUrl(), cluster.registryHeaders());
        long orderId;
        // As GovernanceAppIT announces today: the SDK as the admin, which may write mesh.products.
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(
                MeshConfig.builder().properties(cluster.settingsProperties()).build(), orders(domain),
                GenericRecord.class)) {
            orderId = publisher.globalId();
        }
        long noteId = registry.register(domain, "orders", ORDER_WITH_NOTE);
        long noneTextId = registry.register(domain, "orders", ORDER_WITH_NONE_TEXT);
        long profileId = registry.register(domain + "-crm", "profiles", PROFILE);
        long retiredId = registry.register(domain, "legacy", ORDER);
        Outputs.Scenario s = new Outputs.Scenario(domain, new ProductId(domain, "orders").ingressTopic(),
                new ProductId(domain, "orders").major(1).publicTopic(), new ProductId(domain, "legacy").ingressTopic(),
                orderId, noteId, noneTextId, profileId, retiredId);
        cluster.createTopic(MeshTopics.PRODUCTS, 1, Map.of("cleanup.policy", "compact"));
        cluster.createTopic(s.ingress(), 3);
        cluster.createTopic(s.retiredIngress(), 1);
        try (KafkaProducer<String, DataProductDescriptor> producer = new KafkaProducer<>(cluster.clientProperties(),
                new StringSerializer(), DESCRIPTORS.serializer())) {
            DataProductDescriptor legacy = ordersDescriptor().setId(domain + ".legacy").setDomain(domain)
                    .setName("legacy").setStatus(ProductStatus.RETIRED)
                    .setSchemaRef(new SchemaRef(domain, "legacy", "1", retiredId))
                    .setIngressTopic(s.retiredIngress())
                    .setPublicTopic(new ProductId(domain, "legacy").major(1).publicTopic()).build();
            producer.send(new ProducerRecord<>(MeshTopics.PRODUCTS, new ProductId(domain, "legacy").major(1).toString(),
                    legacy)).get();
        }
        return s;
    }

    /** Governance's settings as its own principal, with the governance.* settings of GovernanceAppIT. */
    private static GovernanceConfig config(MeshCluster cluster, MeshPrincipal governance, String appId, Path state) {
        Properties props = new Properties();
        props.putAll(cluster.settings(governance));
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

    /** Good records through the SDK as the domain principal: it reads mesh.products and finds its contract. */
    private static List<String> publishGood(MeshCluster cluster, MeshPrincipal domainUser, Outputs.Scenario s, int count) {
        Properties settings = new Properties();
        settings.putAll(cluster.settings(domainUser));
        List<String> emails = new ArrayList<>();
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(
                MeshConfig.builder().properties(settings).build(), orders(s.domain()), GenericRecord.class)) {
            for (int i = 0; i < count; i++) {
                String email = "customer" + i + "@example.com";
                emails.add(email);
                publisher.publish("ORD-" + i, order("ORD-" + i, 10 + i % 90, "EUR", email));
            }
        }
        return emails;
    }

    /** The same contract as {@link Fixtures#ordersDescriptor()}, declared through the SDK. */
    private static DataProduct orders(String domain) {
        return DataProduct.builder(domain, "orders").title("Orders").owner("sales-platform", "sales@example.com")
                .schema(ORDER)
                .protect(PiiCategory.EMAIL, PiiProtection.HASH)
                .protect(PiiCategory.ADDRESS, PiiProtection.MASK)
                .qualityRule("positive-total", "record.total >= 0.0", RuleAction.QUARANTINE)
                .qualityRule("known-currency", "record.currency in ['EUR', 'USD']", RuleAction.WARN)
                .build();
    }

    /** Bad records of every kind, five each, as raw bytes from the domain principal; by the expected code. */
    private static Map<ViolationCode, List<byte[]>> publishBad(MeshCluster cluster, MeshPrincipal domainUser,
                                                               Outputs.Scenario s) {
        Random random = new Random(42);
        Map<ViolationCode, List<byte[]>> bad = new EnumMap<>(ViolationCode.class);
        for (int i = 0; i < 5; i++) {
            byte[] noise = new byte[20 + i];
            random.nextBytes(noise);
            noise[0] = 1;
            bad.computeIfAbsent(ViolationCode.MALFORMED_RECORD, k -> new ArrayList<>()).add(noise);
            bad.computeIfAbsent(ViolationCode.UNKNOWN_SCHEMA, k -> new ArrayList<>())
                    .add(frame(987_654_321L + i, order("BAD-" + i, 1, "EUR", "x@example.com")));
            bad.computeIfAbsent(ViolationCode.SCHEMA_MISMATCH, k -> new ArrayList<>())
                    .add(frame(s.profileId(), profile()));
            GenericRecord noted = order(ORDER_WITH_NOTE, "BAD-" + i, 1, "EUR", "y@example.com");
            noted.put("note", "send the invoice to accounting" + i + "@example.net");
            bad.computeIfAbsent(ViolationCode.UNTAGGED_PII, k -> new ArrayList<>()).add(frame(s.noteId(), noted));
            bad.get(ViolationCode.UNTAGGED_PII).add(Outputs.noneTaggedEmail(s, i));
            bad.computeIfAbsent(ViolationCode.RULE_FAILED, k -> new ArrayList<>())
                    .add(frame(s.orderId(), order("BAD-" + i, -1, "EUR", "z@example.com")));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(domainUser),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            bad.forEach((code, values) -> values.forEach(v -> producer.send(new ProducerRecord<>(s.ingress(),
                    ("bad-" + code).getBytes(StandardCharsets.UTF_8), v))));
            List<byte[]> retired = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] v = frame(s.retiredId(), order("OLD-" + i, 1, "EUR", "old@example.com"));
                retired.add(v);
                producer.send(new ProducerRecord<>(s.retiredIngress(), "old".getBytes(StandardCharsets.UTF_8), v));
            }
            producer.flush();
            bad.put(ViolationCode.RETIRED_PRODUCT, retired);
        }
        return bad;
    }

}
