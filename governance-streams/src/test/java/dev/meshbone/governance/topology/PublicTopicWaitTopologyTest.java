package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A public topic that takes long to create blocks neither the contract store nor the records: the product's records
 * are held (longer than the hold-back grace, since the product is announced) and released in order once it exists.
 */
class PublicTopicWaitTopologyTest {

    @TempDir
    Path stateDir;

    private final ExecutorService provisioning = Executors.newSingleThreadExecutor();
    private final CountDownLatch created = new CountDownLatch(1);

    @AfterEach
    void stop() {
        provisioning.shutdownNow();
    }

    @Test
    void shouldHoldRecordsWhileThePublicTopicIsCreatedThenReleaseThemInOrder() throws Exception {
        // Given a contract whose public topic is slow to create
        ContractIndex contracts = new ContractIndex(topics -> {
            try {
                created.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, provisioning);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(GovernanceTopology.build(GovernanceTopologyTest.config(),
                schemas(), contracts, GovernanceMetrics.NONE, keyring()), props, Instant.ofEpochMilli(1_700_000_000_000L))) {
            var ingress = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
            var publicTopic = driver.createOutputTopic(PUBLIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            var quarantine = driver.createOutputTopic(MeshTopics.QUARANTINE, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            var violations = driver.createOutputTopic(MeshTopics.VIOLATIONS, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());

            // When the contract arrives (the store update returns at once) and records follow, past the grace
            driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(),
                    MeshEventSerde.of(DataProductDescriptor.class).serializer())
                    .pipeInput("sales.orders.v1", ordersDescriptor().build());
            for (int i = 1; i <= 3; i++) {
                ingress.pipeInput(key(i), frame(ORDER_ID, order("ORD-" + i, i, "EUR", "a@example.com")));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(10));

            // Then nothing is routed, nothing refused
            assertThat(publicTopic.isEmpty()).isTrue();
            assertThat(quarantine.isEmpty()).isTrue();
            assertThat(violations.isEmpty()).isTrue();

            // And when the topic exists, the held records go public in order, then the next one
            created.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> contracts.product("sales.orders").isPresent());
            ingress.pipeInput(key(4), frame(ORDER_ID, order("ORD-4", 4, "EUR", "a@example.com")));
            assertThat(publicTopic.readRecordsToList()).extracting(TestRecord::key).containsExactly(key(1), key(2),
                    key(3), key(4));
            assertThat(quarantine.isEmpty()).isTrue();
            assertThat(violations.isEmpty()).isTrue();
        }
    }

    private static byte[] key(int i) {
        return ("ORD-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
