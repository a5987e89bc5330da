package dev.meshbone.governance.app;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.contract.ProductId;
import dev.meshbone.embedded.EmbeddedRegistry;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that goes down is a transient fault: governance reports DEGRADED, retries, and once the registry is
 * back every record goes where it belongs. Nothing is quarantined because of the outage.
 */
@ExtendWith(MeshClusterExtension.class)
class RegistryOutageIT {

    @TempDir
    Path dir;

    @Test
    void shouldRetryThroughARegistryOutageWithoutQuarantiningAnything(MeshCluster cluster) throws Exception {
        // Given a registry with the product's schema, then stopped (its data kept on disk)
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String domain = MeshClusterExtension.uniqueName("outage");
        long globalId;
        try (EmbeddedRegistry registry = EmbeddedRegistry.start(port, dir.resolve("registry"))) {
            globalId = new RegistryRest(registry.url() + "/apis/registry/v3").register(domain, "orders", ORDER);
        }
        String ingress = new ProductId(domain, "orders").ingressTopic();
        String publicTopic = new ProductId(domain, "orders").major(1).publicTopic();
        String contracts = MeshTopicDefinitions.contracts(domain).name();
        cluster.createTopic(contracts, 1, Map.of("cleanup.policy", "compact"));
        cluster.createTopic(ingress, 1);
        try (KafkaProducer<String, DataProductDescriptor> producer = new KafkaProducer<>(cluster.clientProperties(),
                new StringSerializer(), MeshEventSerde.of(DataProductDescriptor.class).serializer())) {
            // Checked against the registry too: the announcement waits out the outage like the records.
            producer.send(new ProducerRecord<>(contracts, new ProductId(domain, "orders").major(1).toString(),
                    ordersDescriptor().setId(domain + ".orders").setDomain(domain)
                            .setSchemaRef(new SchemaRef(domain, "orders", "1", globalId))
                            .setIngressTopic(ingress).setPublicTopic(publicTopic).build())).get();
        }
        Properties props = new Properties();
        props.putAll(cluster.kafkaSettings());
        props.setProperty("registry.url", "http://127.0.0.1:" + port + "/apis/registry/v3");
        props.setProperty("governance.application.id", MeshClusterExtension.uniqueName("gov"));
        props.setProperty("governance.state.dir", dir.resolve("state").toString());
        props.setProperty("governance.http.port", "0");
        props.setProperty("governance.pii.hmac.secret", HMAC_SECRET);
        props.setProperty("governance.registry.retry.timeout.ms", "2000");
        props.setProperty("governance.topic.refresh.ms", "1000");

        try (GovernanceApp app = GovernanceApp.start(GovernanceConfig.from(props))) {
            // When records arrive while the registry is down
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(cluster.clientProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>(ingress, ("k" + i).getBytes(),
                            frame(globalId, order("ORD-" + i, 10, "EUR", "c" + i + "@example.com"))));
                }
            }

            // Then governance says it is degraded and holds on
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/health"))
                    .build();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    http.send(health, HttpResponse.BodyHandlers.ofString()).body()).contains("\"DEGRADED\""));

            // When the registry comes back
            try (EmbeddedRegistry registry = EmbeddedRegistry.start(port, dir.resolve("registry"))) {
                // Then every record is published and none is quarantined for the outage
                assertThat(countCommitted(cluster, publicTopic, 50)).isEqualTo(50);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        http.send(health, HttpResponse.BodyHandlers.ofString()).body()).contains("\"UP\""));
            }
        }
        Properties consumerProps = cluster.clientProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, MeshClusterExtension.uniqueName("check"));
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(MeshTopics.VIOLATIONS));
            List<String> mine = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (new String(r.key()).startsWith(domain)) {
                        mine.add(new String(r.key()));
                    }
                });
            }
            assertThat(mine).as("violations for the product").isEmpty();
        }
    }

    private static int countCommitted(MeshCluster cluster, String topic, int expected) {
        Properties props = cluster.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MeshClusterExtension.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Object> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ZERO).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen.size()).as("records on %s", topic).isGreaterThanOrEqualTo(expected);
            });
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen.size();
    }
}
