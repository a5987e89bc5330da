package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.envelope.FakeRegistry;
import dev.meshbone.governance.envelope.FakeRegistry.Reply;
import dev.meshbone.governance.envelope.RegistrySchemaLookup;
import dev.meshbone.governance.envelope.RegistryUnavailableException;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry that refuses governance fails the task (to be retried from the last commit); nothing is quarantined. */
class RegistryFaultTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldFailTheTaskNotQuarantineWhenTheRegistryForbidsGovernance() throws Exception {
        try (FakeRegistry registry = new FakeRegistry().content(Reply.of(403, ""))) {
            // Given a product in force and a registry that forbids governance's user
            RegistrySchemaLookup schemas = new RegistrySchemaLookup(registry.url(), "gov",
                    Optional.of("Basic Z292OnNlY3JldA=="), Duration.ofSeconds(1));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-test");
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    QuarantineOnDeserializationError.class);
            try (TopologyTestDriver driver = new TopologyTestDriver(GovernanceTopology.build(
                    GovernanceTopologyTest.config(), schemas, new ContractIndex(), GovernanceMetrics.NONE,
                    keyring()), props, Instant.ofEpochMilli(1_700_000_000_000L))) {
                driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(),
                        MeshEventSerde.of(DataProductDescriptor.class).serializer())
                        .pipeInput("sales.orders.v1", ordersDescriptor().build());
                var ingress = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
                var quarantine = driver.createOutputTopic(MeshTopics.QUARANTINE, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                var violations = driver.createOutputTopic(MeshTopics.VIOLATIONS, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());

                // When / Then
                assertThatThrownBy(() -> ingress.pipeInput(frame(ORDER_ID, order("ORD-1", 10, "EUR", "a@b.example"))))
                        .isInstanceOf(StreamsException.class)
                        .hasRootCauseInstanceOf(RegistryUnavailableException.class);
                assertThat(quarantine.isEmpty()).isTrue();
                assertThat(violations.isEmpty()).isTrue();
                assertThat(registry.contentCalls()).isGreaterThan(1);
            }
        }
    }
}
