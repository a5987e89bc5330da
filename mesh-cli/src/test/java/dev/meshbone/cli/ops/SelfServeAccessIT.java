package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshbone.cli.ops.CliAs.Run;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshConsumer;
import dev.meshbone.sdk.MeshException;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import dev.meshbone.testkit.samples.Samples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh domain add} and {@code mesh access grant|revoke|list} against the secure test kit cluster, run through
 * {@link MeshCli#commandLine()} as its admin (a settings file written from the test kit's admin settings).
 */
@ExtendWith(MeshClusterExtension.class)
class SelfServeAccessIT {

    private static final Duration ACLS = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private CliAs admin;

    private Run mesh(MeshCluster cluster, String... args) {
        if (admin == null) {
            admin = CliAs.admin(cluster, dir);
        }
        return admin.run(args);
    }

    @Test
    void shouldAddADomainThatLogsInAndWritesOnlyItsOwnIngress(MeshCluster cluster) throws Exception {
        // Given
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "d" + run;
        String other = "o" + run;
        Path settings = dir.resolve(domain + ".properties");
        cluster.createTopic(MeshTopics.INGRESS_PREFIX + domain + ".orders", 1);
        cluster.createTopic(MeshTopics.INGRESS_PREFIX + other + ".orders", 1);

        // When
        Run added = mesh(cluster, "domain", "add", domain, "--out", settings.toString());

        // Then the output says what it made, and what the registry's identity provider still needs
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("Domain " + domain + " added", "User:" + domain,
                MeshTopics.CONTRACTS_PREFIX + domain + " created", "group " + domain + ", owner " + domain,
                "identity provider");
        assertThat(Files.getPosixFilePermissions(settings)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        MeshConfig config = MeshConfig.load(settings);
        assertThat(Files.readString(settings)).contains("registry.username=" + domain, "kafka.sasl.jaas.config",
                "kafka.security.protocol", "kafka.sasl.mechanism", "registry.password");

        // And the domain logs in and writes its own ingress topic, but not another domain's
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        await().atMost(ACLS).ignoreExceptions().untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = producer(props)) {
                producer.send(new ProducerRecord<>(MeshTopics.INGRESS_PREFIX + domain + ".orders", "k", "v")).get();
            }
        });
        try (KafkaProducer<String, String> producer = producer(props)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(MeshTopics.INGRESS_PREFIX + other
                    + ".orders", "k", "v")).get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }

        // And its registry group is owned by it
        HttpRequest.Builder group = HttpRequest.newBuilder(URI.create(cluster.registryApiUrl() + "/groups/" + domain));
        cluster.registryHeaders().forEach(group::header);
        HttpResponse<String> described = HttpClient.newHttpClient().send(group.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(described.body()).contains("\"owner\":\"" + domain + "\"");

        // And adding it again is refused in one line, before anything changes
        Run again = mesh(cluster, "domain", "add", domain, "--out", dir.resolve("again.properties").toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("mesh: domain " + domain + " exists: the cluster has a user " + domain
                + System.lineSeparator());
        assertThat(dir.resolve("again.properties")).doesNotExist();
    }

    @Test
    void shouldGrantListAndRevokeWhileTheTeamsOtherGrantsSurvive(MeshCluster cluster) throws Exception {
        // Given two products of a domain, each with a record on its public topic, and a team with a principal
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "d" + run;
        String team = "t" + run;
        String orders = domain + ".orders";
        String returns = domain + ".returns";
        announce(cluster, Samples.ordersDescriptor(domain, 1));
        announce(cluster, DataProductDescriptor.newBuilder(Samples.ordersDescriptor(domain, 1)).setName("returns")
                .setId(returns).setPublicTopic(returns + ".v1").build());
        for (String topic : List.of(orders + ".v1", returns + ".v1")) {
            cluster.createTopic(topic, 1);
            try (KafkaProducer<String, String> producer = producer(cluster.clientProperties())) {
                producer.send(new ProducerRecord<>(topic, "k", "v")).get();
            }
        }
        Properties teamClient = cluster.clientProperties(cluster.createPrincipal(team, PrincipalKind.CONSUMER));

        // When
        Run granted = mesh(cluster, "access", "grant", orders, "--to", team);
        Run second = mesh(cluster, "access", "grant", returns, "--to", team);

        // Then the team reads both public topics, and the grants are listed
        assertThat(granted.exit()).as(granted.err()).isZero();
        assertThat(granted.out()).contains("Granted " + orders + " to " + team, "User:" + team, orders + ".v");
        assertThat(second.exit()).as(second.err()).isZero();
        await().atMost(ACLS).untilAsserted(() -> assertThat(canRead(teamClient, orders + ".v1")).isTrue());
        await().atMost(ACLS).untilAsserted(() -> assertThat(canRead(teamClient, returns + ".v1")).isTrue());
        Run listed = mesh(cluster, "access", "list", "--team", team);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("PRODUCT", "TEAM", "GRANTED BY", "GRANTED AT", "2 grants")
                .containsPattern(orders + "\\s+" + team + "\\s+no\\s+admin\\s+20");

        // When the first is revoked
        Run revoked = mesh(cluster, "access", "revoke", orders, "--from", team);

        // Then the team loses it, keeps the other, and the list says so
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("Revoked " + orders + " from " + team, "still granted " + returns);
        await().atMost(ACLS).untilAsserted(() -> assertThat(canRead(teamClient, orders + ".v1")).isFalse());
        assertThat(canRead(teamClient, returns + ".v1")).isTrue();
        assertThat(mesh(cluster, "access", "list", "--product", orders).out()).contains("0 grants");

        // And each refusal is one line with exit 1
        assertRefused(mesh(cluster, "access", "revoke", orders, "--from", team),
                "mesh: " + team + " has no grant of " + orders);
        assertRefused(mesh(cluster, "access", "grant", domain + ".nothing", "--to", team),
                "mesh: unknown product " + domain + ".nothing");
        assertRefused(mesh(cluster, "access", "grant", orders, "--to", "nobody-" + run),
                "mesh: team nobody-" + run + " has no principal on the cluster");
    }

    @Test
    void shouldEndAGrantThatExpiresAndTellTheRefusedReaderWhy(MeshCluster cluster) throws Exception {
        // Given a product with a record on its public topic, and a team granted it for a few seconds
        String run = UUID.randomUUID().toString().substring(0, 8);
        String domain = "d" + run;
        String team = "t" + run;
        String orders = domain + ".orders";
        announce(cluster, Samples.ordersDescriptor(domain, 1));
        cluster.createTopic(orders + ".v1", 1);
        try (KafkaProducer<String, String> producer = producer(cluster.clientProperties())) {
            producer.send(new ProducerRecord<>(orders + ".v1", "k", "v")).get();
        }
        MeshPrincipal principal = cluster.createPrincipal(team, PrincipalKind.CONSUMER);
        Properties teamClient = cluster.clientProperties(principal);
        Run granted = mesh(cluster, "access", "grant", orders, "--to", team, "--for", "PT4S");
        assertThat(granted.exit()).as(granted.err()).isZero();
        assertThat(granted.out()).contains("Granted " + orders + " to " + team + " until 20");
        await().atMost(ACLS).untilAsserted(() -> assertThat(canRead(teamClient, orders + ".v1")).isTrue());

        // When its end has passed and the ends are enforced
        Thread.sleep(4_000);
        assertThat(mesh(cluster, "access", "list", "--team", team).out()).contains("expired 20");
        Run expired = mesh(cluster, "access", "expire");

        // Then its reads are gone, its grant is still on record as expired, and a reader is told why in one line
        assertThat(expired.exit()).as(expired.err()).isZero();
        assertThat(expired.out()).contains("Deleted 2 ACLs of expired grants", orders + ".v");
        await().atMost(ACLS).untilAsserted(() -> assertThat(canRead(teamClient, orders + ".v1")).isFalse());
        MeshConfig config = MeshConfig.builder().properties(toProperties(cluster.settings(principal))).build();
        try (MeshConsumer<GenericRecord> consumer = MeshConsumer.builder(config, orders, GenericRecord.class)
                .groupId(team + ".reader").build()) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    consumer.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(MeshException.class).hasMessageStartingWith("principal User:" + team + " may not read "
                    + "topic " + orders + ".v1: its grant of " + orders + " expired at 20");
        }
        // And expiring again changes nothing; renewing gives the reads back
        assertThat(mesh(cluster, "access", "expire").out()).contains("Deleted 0 ACLs");
        Run renewed = mesh(cluster, "access", "grant", orders, "--to", team, "--for", "30d");
        assertThat(renewed.out()).contains("Renewed " + orders + " to " + team);
        await().atMost(ACLS).untilAsserted(() -> assertThat(canRead(teamClient, orders + ".v1")).isTrue());
        assertRefused(mesh(cluster, "access", "grant", orders, "--to", team, "--for", "soon"), 2,
                "--for takes 30d, 12h, 45m or an ISO-8601 duration");
    }

    private static Properties toProperties(java.util.Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        return props;
    }

    private static void assertRefused(Run run, int exit, String line) {
        assertThat(run.exit()).as(run.out()).isEqualTo(exit);
        assertThat(run.err()).contains(line);
    }

    private static void assertRefused(Run run, String line) {
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.err()).startsWith(line);
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    private static void announce(MeshCluster cluster, DataProductDescriptor descriptor) throws Exception {
        try (Admin admin = cluster.createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(MeshTopicDefinitions.PRODUCTS, Duration.ofSeconds(30));
        }
        Properties props = cluster.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(MeshTopics.PRODUCTS,
                    (descriptor.getId() + ".v1").getBytes(StandardCharsets.UTF_8),
                    MeshEventSerde.of(DataProductDescriptor.class).encode(descriptor))).get();
        }
    }

    private static KafkaProducer<String, String> producer(Properties props) {
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Reads the topic from its start by assignment (no group); false when the broker refuses, never on a timeout. */
    private static boolean canRead(Properties client, String topic) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return true;
                }
            }
            throw new AssertionError("neither read " + topic + " nor refused within 5 s");
        } catch (TopicAuthorizationException e) {
            return false;
        }
    }
}
