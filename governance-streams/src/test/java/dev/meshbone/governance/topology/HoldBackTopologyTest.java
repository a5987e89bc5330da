package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hold-back as its own processor in front of the checks, and what it admits once the grace has passed. */
class HoldBackTopologyTest {

    @TempDir
    Path stateDir;

    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> ingress;
    private TestOutputTopic<byte[], byte[]> quarantine;
    private TestOutputTopic<String, GovernanceViolation> violations;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "hold-back-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        props.put(QuarantineOnDeserializationError.INSTANCE_ID_CONFIG, "governance-test");
        driver = new TopologyTestDriver(GovernanceTopologyTest.topology(), props, Instant.ofEpochMilli(1_700_000_000_000L));
        ingress = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
        quarantine = driver.createOutputTopic(MeshTopics.QUARANTINE, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        violations = driver.createOutputTopic(MeshTopics.VIOLATIONS, new StringDeserializer(), VIOLATIONS.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String orderId) {
        ingress.pipeInput(orderId.getBytes(StandardCharsets.UTF_8),
                frame(ORDER_ID, order(orderId, 1.0, "EUR", "a@example.com")));
    }

    @Test
    void shouldHoldBackInFrontOfTheChecksWhichReadContractsFromTheGlobalStore() {
        String description = GovernanceTopologyTest.topology().describe().toString();

        assertThat(description)
                .contains("Source: ingress-source (topics: \\Qmesh.ingress.\\E.+)\n      --> hold-back\n")
                .contains("Processor: hold-back (stores: [governance-held-records])\n      --> governance-check\n")
                .contains("Processor: governance-check (stores: [])\n      --> route-\n      <-- hold-back\n")
                .contains("Source: products-source-source (topics: [mesh.products])\n      --> products-source\n")
                .contains("Processor: products-source (stores: [governance-contracts])");
    }

    @Test
    void shouldQuarantineHeldRecordsInArrivalOrderOnceTheGraceHasPassed() {
        // Given two records of a product that is never announced
        send("ORD-1");
        send("ORD-2");

        // When
        driver.advanceWallClockTime(Duration.ofSeconds(6));

        // Then
        assertThat(violations.readValuesToList()).extracting(GovernanceViolation::getCode,
                GovernanceViolation::getSourceOffset, GovernanceViolation::getMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ViolationCode.UNKNOWN_PRODUCT, 0L,
                                "no data product sales.orders is in force on mesh.products (waited 5 s)"),
                        org.assertj.core.groups.Tuple.tuple(ViolationCode.UNKNOWN_PRODUCT, 1L,
                                "no data product sales.orders is in force on mesh.products (waited 5 s)"));
        assertThat(quarantine.readKeyValuesToList()).extracting(kv -> new String(kv.key, StandardCharsets.UTF_8))
                .containsExactly("ORD-1", "ORD-2");
    }
}
