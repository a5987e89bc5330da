package dev.meshbone.governance.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.pii.Protection;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.samples.ContractCase;
import dev.meshbone.testkit.samples.ContractCases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Governance's behaviour on the shared personal-data cases: what a record looks like on the public topic. */
class ContractCasesTopologyTest {

    /** Its own state directory: builds running side by side must not share RocksDB locks. */
    @TempDir
    Path stateDir;

    private static final long GLOBAL_ID = 500;

    static Stream<ContractCase> cases() {
        return ContractCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldProtectEveryPathAsTheContractSays(ContractCase c) {
        // Given
        Schema schema = c.schema();
        DataProductDescriptor descriptor = c.descriptor(GLOBAL_ID);
        GenericRecord original = c.record();
        Fixtures.MapSchemaLookup schemas = new Fixtures.MapSchemaLookup()
                .register(GLOBAL_ID, "cases", c.productName(), "1", schema);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "contract-cases");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        props.put(QuarantineOnDeserializationError.INSTANCE_ID_CONFIG, "contract-cases");

        GenericRecord published;
        Map<String, byte[]> keys;
        try (TopologyTestDriver driver = new TopologyTestDriver(GovernanceTopology.build(
                GovernanceTopologyTest.config(), schemas, new ContractIndex(), GovernanceMetrics.NONE,
                Fixtures.keyring()), props,
                Instant.ofEpochMilli(1_700_000_000_000L))) {
            driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(),
                            MeshEventSerde.of(DataProductDescriptor.class).serializer())
                    .pipeInput(descriptor.getSchemaRef().getGroupId() + "." + descriptor.getName() + ".v1", descriptor);

            // When
            driver.createInputTopic(descriptor.getIngressTopic(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput("S".getBytes(), Fixtures.frame(GLOBAL_ID, original));
            List<byte[]> out = driver.createOutputTopic(descriptor.getPublicTopic(), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer()).readValuesToList();
            assertThat(out).as("published records").hasSize(1);
            published = Fixtures.unframe(out.get(0), schema).getValue();
            keys = Fixtures.keysIn(driver);
        }

        // Then
        GenericRecord clear = c.record();
        c.expected().forEach((path, answer) -> {
            List<Object> before = ContractCase.valuesAt(clear, path);
            List<Object> after = ContractCase.valuesAt(published, path);
            assertThat(after).as(path).hasSameSizeAs(before).isNotEmpty();
            for (int i = 0; i < after.size(); i++) {
                String was = Objects.toString(before.get(i), null);
                Object now = after.get(i);
                switch (answer.applied()) {
                    case HASH -> assertThat(now).asString().as(path).startsWith(Protection.HASH_PREFIX);
                    case MASK -> assertThat(now).asString().as(path).contains("*").isNotEqualTo(was);
                    case ENCRYPT -> assertThat(Fixtures.decrypt(now.toString(), keys)).as(path).isEqualTo(was);
                    case DROP -> assertThat(now == null ? null : now.toString()).as(path)
                            .isEqualTo(answer.dropped() == null ? null : answer.dropped().toString());
                }
            }
        });
        assertThat(published.get("id").toString()).isEqualTo(clear.get("id").toString());
        assertThat(c.expected().values()).extracting(ContractCase.Answer::applied).isSubsetOf(PiiProtection.values());
    }
}
