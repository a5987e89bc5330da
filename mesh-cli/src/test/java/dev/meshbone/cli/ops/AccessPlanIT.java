package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicDefinition;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every row of the ACL plan, allowed and refused, with real clients acting as each principal on the secure embedded
 * broker and registry. The plan is applied by {@link AclPlanApplier} as the admin; each refusal is also checked
 * against {@link AclPlan#explain}. Principals, domains and application ids are unique to the run: the cluster is
 * shared with other test classes.
 */
@ExtendWith(MeshClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessPlanIT {

    private static final Duration PROPAGATION = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private MeshCluster cluster;
    private String run;
    private String sales;
    private String hr;
    private String team;
    private MeshAccess mesh;
    private AclPlan plan;
    private MeshPrincipal salesUser;
    private MeshPrincipal hrUser;
    private MeshPrincipal teamUser;
    private MeshPrincipal catalogUser;
    private MeshPrincipal opsUser;

    // Topics of the scenario.
    private String salesIngress;
    private String hrIngress;
    private String salesContracts;
    private String hrContracts;
    private String ordersPublic;
    private String customersPublic;
    private String peoplePublic;

    @BeforeAll
    void applyThePlanAndProvisionTheTopics(MeshCluster meshCluster) throws Exception {
        cluster = meshCluster;
        run = MeshClusterExtension.uniqueName("r").substring(2);
        sales = "sales-" + run;
        hr = "hr-" + run;
        team = "bi-" + run;
        MeshAccess.Platform platform = new MeshAccess.Platform("governance-" + run, "catalog-" + run, "ops-" + run,
                "app-gov-" + run, "app-cat-" + run);
        mesh = MeshAccess.of(List.of(sales, hr), Map.of(team, List.of(sales + ".orders")), platform);
        plan = AclPlan.of(mesh);

        salesUser = cluster.createPrincipal(sales, PrincipalKind.DOMAIN);
        hrUser = cluster.createPrincipal(hr, PrincipalKind.DOMAIN);
        teamUser = cluster.createPrincipal(team, PrincipalKind.CONSUMER);
        catalogUser = cluster.createPrincipal(platform.catalog(), PrincipalKind.CATALOG);
        opsUser = cluster.createPrincipal(platform.ops(), PrincipalKind.OPS);

        salesIngress = MeshTopics.INGRESS_PREFIX + sales + ".orders";
        hrIngress = MeshTopics.INGRESS_PREFIX + hr + ".people";
        salesContracts = MeshTopics.CONTRACTS_PREFIX + sales;
        hrContracts = MeshTopics.CONTRACTS_PREFIX + hr;
        ordersPublic = sales + ".orders.v1";
        customersPublic = sales + ".customers.v1";
        peoplePublic = hr + ".people.v1";

        try (Admin admin = cluster.createAdmin()) {
            AclPlanApplier applier = new AclPlanApplier(admin, Duration.ofSeconds(15));
            assertThat(applier.apply(plan, false, false).created()).containsExactlyInAnyOrderElementsOf(
                    plan.bindings());
            await().atMost(PROPAGATION).untilAsserted(() -> assertThat(applier.existing(plan.principals()))
                    .containsExactlyInAnyOrderElementsOf(plan.bindings()));

            List<TopicDefinition> topics = new ArrayList<>(MeshTopicDefinitions.ALL);
            for (String contracts : List.of(salesContracts, hrContracts)) {
                topics.add(new TopicDefinition(contracts, 1, Map.of("cleanup.policy", "compact")));
            }
            topics.add(MeshTopicDefinitions.ingress(salesIngress, 1));
            topics.add(MeshTopicDefinitions.ingress(hrIngress, 1));
            for (String publicTopic : List.of(ordersPublic, customersPublic, peoplePublic)) {
                topics.add(MeshTopicDefinitions.publicTopic(publicTopic, 1));
            }
            new TopicProvisioner(admin, (short) 1).ensure(topics, Duration.ofSeconds(30));
        }
        // One record in every topic some principal must be able to read, so that a read proves a fetch.
        for (String topic : List.of(MeshTopics.CATALOG, MeshTopics.PRODUCTS, MeshTopics.QUARANTINE, ordersPublic,
                customersPublic, salesIngress)) {
            send(cluster.clientProperties(), topic);
        }
        cluster.createRegistryGroup(sales, sales);
        cluster.createRegistryGroup(hr, hr);
    }

    // ---------------------------------------------------------------- domains

    @Test
    void shouldLetADomainCreateAndWriteItsOwnIngressTopics() throws Exception {
        // Given
        String topic = MeshTopics.INGRESS_PREFIX + sales + ".x-" + SEQUENCE.incrementAndGet();

        // When
        try (Admin admin = Admin.create(quick(cluster.clientProperties(salesUser)))) {
            await().atMost(PROPAGATION).ignoreExceptions().untilAsserted(() -> admin.createTopics(List.of(
                    new NewTopic(topic, 1, (short) 1))).all().get(15, TimeUnit.SECONDS));
        }

        // Then
        assertThat(writeEventually(salesUser, topic).topic()).isEqualTo(topic);
        assertThat(writeEventually(salesUser, salesIngress).topic()).isEqualTo(salesIngress);
    }

    @Test
    void shouldLetADomainWriteItsOwnContractTopic() {
        assertThat(writeEventually(salesUser, salesContracts).topic()).isEqualTo(salesContracts);
    }

    @Test
    void shouldLetADomainReadTheCatalogAndTheProducts() {
        assertThat(readEventually(salesUser, MeshTopics.CATALOG, null)).isNotEmpty();
        assertThat(readEventually(salesUser, MeshTopics.PRODUCTS, null)).isNotEmpty();
    }

    @Test
    void shouldRefuseADomainWritingAnotherDomainsIngressTopic() {
        awaitAclsInForce(salesUser);
        assertRefusedWrite(salesUser, hrIngress, "principal User:" + sales + " may not write topic " + hrIngress
                + ": only domain " + hr + " writes its ingress topics; ops replays quarantined records into ingress "
                + "topics");
    }

    @Test
    void shouldRefuseADomainWritingAnotherDomainsContractTopic() {
        awaitAclsInForce(salesUser);
        assertRefusedWrite(salesUser, hrContracts, "principal User:" + sales + " may not write topic " + hrContracts
                + ": only domain " + hr + " announces its contracts on " + hrContracts);
    }

    @Test
    void shouldRefuseADomainWritingAPublicTopic() {
        awaitAclsInForce(salesUser);
        for (String topic : List.of(ordersPublic, peoplePublic)) {
            assertRefusedWrite(salesUser, topic, "principal User:" + sales + " may not write topic " + topic
                    + ": only governance writes public topics");
        }
    }

    @Test
    void shouldRefuseADomainWritingTheProducts() {
        awaitAclsInForce(salesUser);
        assertRefusedWrite(salesUser, MeshTopics.PRODUCTS, "principal User:" + sales + " may not write topic "
                + "mesh.products: only governance writes mesh.products (domains announce on "
                + "mesh.contracts.<domain>)");
    }

    @Test
    void shouldRefuseADomainReadingTheQuarantine() {
        awaitAclsInForce(salesUser);
        assertRefusedRead(salesUser, MeshTopics.QUARANTINE, "principal User:" + sales + " may not read topic "
                + "mesh.governance.quarantine: only ops reads mesh.governance.quarantine: it holds raw personal "
                + "data");
    }

    // ---------------------------------------------------------------- registry

    @Test
    void shouldLetADomainRegisterAnArtifactInItsOwnGroupOnly() throws Exception {
        // When
        HttpResponse<String> own = createArtifact(sales, "orders-" + SEQUENCE.incrementAndGet(),
                salesUser.basicAuthorization());
        HttpResponse<String> foreign = createArtifact(sales, "intruder-" + SEQUENCE.incrementAndGet(),
                hrUser.basicAuthorization());

        // Then
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
    }

    @Test
    void shouldRefuseRegistryWritesThroughTheConfluentCompatibleApi() throws Exception {
        // When: another domain into sales' group, and sales into its own
        HttpResponse<String> bypass = ccompat(sales, hrUser);
        HttpResponse<String> own = ccompat(sales, salesUser);

        // Then
        assertThat(bypass.statusCode()).as(bypass.body()).isEqualTo(403);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(403);
    }

    @Test
    void shouldRefuseAnonymousRegistryWrites() throws Exception {
        HttpResponse<String> anonymous = createArtifact(sales, "anonymous-" + SEQUENCE.incrementAndGet(), null);

        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- consumer team

    @Test
    void shouldLetATeamReadAGrantedProductWithAGroupUnderItsPrefix() {
        List<ConsumerRecord<String, String>> records = readEventually(teamUser, ordersPublic,
                team + ".dashboard-" + SEQUENCE.incrementAndGet());

        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.topic()).isEqualTo(ordersPublic));
    }

    @Test
    void shouldRefuseATeamTopicsOfProductsItWasNotGranted() {
        awaitAclsInForce(teamUser);
        assertRefusedRead(teamUser, customersPublic, "principal User:" + team + " may not read topic "
                + customersPublic + ": no team is granted " + sales + ".customers (mesh acl apply --grant " + sales
                + ".customers=TEAM)");
        assertRefusedRead(teamUser, salesIngress, "principal User:" + team + " may not read topic " + salesIngress
                + ": only governance reads ingress topics");
        assertRefusedRead(teamUser, MeshTopics.QUARANTINE, "principal User:" + team + " may not read topic "
                + "mesh.governance.quarantine: only ops reads mesh.governance.quarantine: it holds raw personal "
                + "data");
    }

    @Test
    void shouldRefuseATeamAGroupOutsideItsPrefix() {
        // Given
        awaitAclsInForce(teamUser);
        String group = sales + ".stolen";
        Properties props = consumerProperties(teamUser);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);

        // When / Then
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(ordersPublic));
            assertThatThrownBy(() -> pollUntilRecords(consumer)).isInstanceOf(GroupAuthorizationException.class);
        }
        assertThat(plan.explain(team, AclOperation.READ, ResourceType.GROUP, group)).isEqualTo("principal User:"
                + team + " may not read group " + group + ": only domain " + sales + " uses the consumer groups "
                + sales + ".*");
    }

    // ---------------------------------------------------------------- ops and catalog

    @Test
    void shouldLetOpsReadTheQuarantineAndWriteTheReplays() {
        assertThat(readEventually(opsUser, MeshTopics.QUARANTINE, null)).isNotEmpty();
        assertThat(writeEventually(opsUser, MeshTopics.REPLAYS).topic()).isEqualTo(MeshTopics.REPLAYS);
    }

    @Test
    void shouldRefuseOpsWritingAPublicTopic() {
        awaitAclsInForce(opsUser);
        assertRefusedWrite(opsUser, ordersPublic, "principal User:" + opsUser.name() + " may not write topic "
                + ordersPublic + ": only governance writes public topics");
    }

    @Test
    void shouldLetTheCatalogWriteTheCatalogButNotTheProducts() {
        assertThat(writeEventually(catalogUser, MeshTopics.CATALOG).topic()).isEqualTo(MeshTopics.CATALOG);
        assertRefusedWrite(catalogUser, MeshTopics.PRODUCTS, "principal User:" + catalogUser.name()
                + " may not write topic mesh.products: only governance writes mesh.products (domains announce on "
                + "mesh.contracts.<domain>)");
    }

    // ---------------------------------------------------------------- revoke (last, on its own team)

    @Test
    void shouldRefuseATeamItsProductOnceTheGrantIsRevoked() throws Exception {
        // Given a team of its own whose only grant is sales' orders, able to read them
        String revoked = "rv-" + run;
        MeshPrincipal revokedUser = cluster.createPrincipal(revoked, PrincipalKind.CONSUMER);
        MeshAccess granted = mesh.grant(revoked, sales + ".orders");
        try (Admin admin = cluster.createAdmin()) {
            AclPlanApplier applier = new AclPlanApplier(admin, Duration.ofSeconds(15));
            applier.apply(AclPlan.of(granted), false, false);
            assertThat(readEventually(revokedUser, ordersPublic, revoked + ".reader")).isNotEmpty();

            // When the plan without that grant is applied with revoke (the team stays in the mesh, grantless:
            // a plan that no longer names it would not reach its ACLs)
            AclPlan without = AclPlan.of(granted.revoke(revoked, sales + ".orders"));
            AclPlanApplier.Changes changes = applier.apply(without, true, false);

            // Then its ACLs are gone, and so are its reads; the other team's stay
            assertThat(changes.deleted()).isNotEmpty()
                    .allSatisfy(b -> assertThat(b.entry().principal()).isEqualTo("User:" + revoked));
            await().atMost(PROPAGATION).untilAsserted(() -> assertThat(readFailure(revokedUser, ordersPublic))
                    .isInstanceOf(TopicAuthorizationException.class));
            assertThat(without.explain(revoked, AclOperation.READ, ResourceType.TOPIC, ordersPublic))
                    .isEqualTo("principal User:" + revoked + " may not read topic " + ordersPublic + ": only "
                            + "teams granted " + sales + ".orders read its public topics");
            assertThat(readEventually(teamUser, ordersPublic, team + ".after-" + SEQUENCE.incrementAndGet()))
                    .isNotEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Waits until the principal's ACLs reach the authorizer: it may describe its plan's first topic. */
    private void awaitAclsInForce(MeshPrincipal principal) {
        String topic = principal.equals(salesUser) ? MeshTopics.CATALOG
                : principal.equals(teamUser) ? ordersPublic : MeshTopics.QUARANTINE;
        try (Admin admin = Admin.create(quick(cluster.clientProperties(principal)))) {
            await().atMost(PROPAGATION).ignoreExceptions().untilAsserted(() -> assertThat(admin.describeTopics(
                    List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)).containsKey(topic));
        }
    }

    private void assertRefusedWrite(MeshPrincipal principal, String topic, String explanation) {
        assertThatThrownBy(() -> send(cluster.clientProperties(principal), topic)).as("write %s", topic)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(plan.explain(principal.name(), AclOperation.WRITE, ResourceType.TOPIC, topic))
                .isEqualTo(explanation);
    }

    private void assertRefusedRead(MeshPrincipal principal, String topic, String explanation) {
        assertThat(readFailure(principal, topic)).as("read %s", topic)
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(plan.explain(principal.name(), AclOperation.READ, ResourceType.TOPIC, topic))
                .isEqualTo(explanation);
    }

    /** Sends one record with a key unique to this run; the topics are shared, their readers skip unknown keys. */
    private RecordMetadata send(Properties client, String topic) throws Exception {
        Properties props = quick(client);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, "access-plan-it-" + run + "-"
                    + SEQUENCE.incrementAndGet(), null)).get(20, TimeUnit.SECONDS);
        }
    }

    private RecordMetadata writeEventually(MeshPrincipal principal, String topic) {
        return await().atMost(PROPAGATION).ignoreExceptions().until(() -> send(cluster.clientProperties(principal),
                topic), m -> m.offset() >= 0);
    }

    /** Reads the topic from its start until some records came, by assignment or, with a group, by subscription. */
    private List<ConsumerRecord<String, String>> readEventually(MeshPrincipal principal, String topic, String group) {
        return await().atMost(PROPAGATION).ignoreExceptions().until(() -> read(principal, topic, group),
                records -> !records.isEmpty());
    }

    private List<ConsumerRecord<String, String>> read(MeshPrincipal principal, String topic, String group) {
        Properties props = consumerProperties(principal);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            if (group == null) {
                assignAll(consumer, topic);
            } else {
                consumer.subscribe(List.of(topic));
            }
            return pollUntilRecords(consumer);
        }
    }

    /** What reading the topic (by assignment, from its start) fails with, or null when it reads. */
    private Throwable readFailure(MeshPrincipal principal, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(principal),
                new StringDeserializer(), new StringDeserializer())) {
            assignAll(consumer, topic);
            pollUntilRecords(consumer);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assignAll(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    /** Polls for at most 15 s until records come; an authorization failure is thrown by the poll. */
    private static List<ConsumerRecord<String, String>> pollUntilRecords(KafkaConsumer<String, String> consumer) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (records.isEmpty() && System.nanoTime() < until) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    private static Properties consumerProperties(MeshPrincipal principal, MeshCluster cluster) {
        Properties props = quick(cluster.clientProperties(principal));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    private Properties consumerProperties(MeshPrincipal principal) {
        return consumerProperties(principal, cluster);
    }

    private static Properties quick(Properties props) {
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    private HttpResponse<String> createArtifact(String group, String artifactId, String authorization)
            throws IOException, InterruptedException {
        String body = "{\"artifactId\":\"" + artifactId + "\",\"artifactType\":\"AVRO\",\"firstVersion\":"
                + "{\"content\":{\"content\":\"{\\\"type\\\":\\\"string\\\"}\",\"contentType\":\"application/json\"}}}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.registryApiUrl() + "/groups/" + group
                        + "/artifacts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> ccompat(String group, MeshPrincipal as) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.registryUrl() + "/apis/ccompat/v7/subjects/"
                        + group + "-x-" + SEQUENCE.incrementAndGet() + "/versions"))
                .header("Authorization", as.basicAuthorization()).header("X-Registry-GroupId", group)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
