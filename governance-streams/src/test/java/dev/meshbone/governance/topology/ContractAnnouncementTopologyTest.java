package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.envelope.RegistryUnavailableException;
import dev.meshbone.governance.envelope.SchemaLookup;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Announcements on mesh.contracts.<domain>: checked, then republished to mesh.products or refused. */
class ContractAnnouncementTopologyTest {

    /** Its own state directory: builds running side by side must not share RocksDB locks. */
    @TempDir
    Path stateDir;

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);
    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);
    private static final String KEY = "sales.orders.v1";

    private TopologyTestDriver driver;
    private TestOutputTopic<String, DataProductDescriptor> products;
    private TestOutputTopic<String, GovernanceViolation> violations;
    private TestOutputTopic<byte[], byte[]> publicTopic;

    private void start(SchemaLookup schemas) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "announcement-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        props.put(QuarantineOnDeserializationError.INSTANCE_ID_CONFIG, "governance-test");
        driver = new TopologyTestDriver(GovernanceTopology.build(GovernanceTopologyTest.config(), schemas,
                new ContractIndex(), GovernanceMetrics.NONE, Keyring.none()), props,
                Instant.ofEpochMilli(1_700_000_000_000L));
        products = driver.createOutputTopic(MeshTopics.PRODUCTS, new StringDeserializer(), DESCRIPTORS.deserializer());
        violations = driver.createOutputTopic(MeshTopics.VIOLATIONS, new StringDeserializer(),
                VIOLATIONS.deserializer());
        publicTopic = driver.createOutputTopic(PUBLIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private TestInputTopic<String, DataProductDescriptor> contracts(String domain) {
        return driver.createInputTopic(MeshTopics.CONTRACTS_PREFIX + domain, new StringSerializer(),
                DESCRIPTORS.serializer());
    }

    /** Publishes one good order and says whether it reached the public topic. */
    private boolean recordAccepted() {
        driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput("ORD-1".getBytes(), frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane@example.com")));
        return publicTopic.readValuesToList().size() == 1;
    }

    private GovernanceViolation onlyViolation() {
        List<KeyValue<String, GovernanceViolation>> all = violations.readKeyValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key).isEqualTo(all.get(0).value.getProductId());
        GovernanceViolation v = all.get(0).value;
        assertThat(v.getCode()).isEqualTo(ViolationCode.INVALID_CONTRACT);
        assertThat(v.getAction()).isEqualTo(RuleAction.QUARANTINE);
        return v;
    }

    /** An accepted announcement of sales.orders, then nothing left to read. */
    private DataProductDescriptor inForce() {
        DataProductDescriptor active = ordersDescriptor().build();
        contracts("sales").pipeInput(KEY, active);
        assertThat(products.readKeyValuesToList()).containsExactly(KeyValue.pair(KEY, active));
        return active;
    }

    @Test
    void shouldRepublishAValidAnnouncementAndThenAcceptRecords() {
        // Given
        start(Fixtures.schemas());
        DataProductDescriptor announced = ordersDescriptor().build();

        // When
        contracts("sales").pipeInput(KEY, announced);

        // Then
        assertThat(products.readKeyValuesToList()).containsExactly(KeyValue.pair(KEY, announced));
        assertThat(violations.isEmpty()).isTrue();
        assertThat(recordAccepted()).isTrue();
    }

    @Test
    void shouldNotRepublishAnUnchangedContract() {
        // Given
        start(Fixtures.schemas());
        inForce();

        // When the service restarts and announces it again, a moment later
        contracts("sales").pipeInput(KEY, ordersDescriptor().setUpdatedAt(Instant.ofEpochMilli(1_800_000_000_000L))
                .build());

        // Then
        assertThat(products.isEmpty()).isTrue();
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAnAnnouncementOnAnotherDomainsTopic() {
        // Given
        start(Fixtures.schemas());
        inForce();

        // When hr announces sales.orders as retired
        contracts("hr").pipeInput(KEY, ordersDescriptor().setStatus(ProductStatus.RETIRED).build());

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getProductId()).isEqualTo("sales.orders");
        assertThat(v.getMajorVersion()).isEqualTo(1);
        assertThat(v.getSourceTopic()).isEqualTo("mesh.contracts.hr");
        assertThat(v.getSourcePartition()).isZero();
        // (the driver numbers offsets per pattern, not per topic: the offset is checked in GovernanceAppIT)
        assertThat(v.getMessage()).startsWith("announcement of sales.orders.v1 on mesh.contracts.hr refused (")
                .contains("key: contract sales.orders.v1 belongs to domain sales, but it was announced on "
                        + "mesh.contracts.hr")
                .contains("domain: is 'sales', but it was announced on mesh.contracts.hr")
                .contains("schemaRef.groupId: is 'sales': the schema must be registered in the domain's group 'hr'");
        assertThat(products.isEmpty()).as("the contract in force is unchanged").isTrue();
        assertThat(recordAccepted()).as("the product still accepts records").isTrue();
    }

    @Test
    void shouldRefuseAnInvalidContractListingEveryProblem() {
        // Given
        start(Fixtures.schemas());

        // When
        contracts("sales").pipeInput(KEY, ordersDescriptor().setTitle(" ")
                .setQualityRules(List.of(new QualityRule("total-is-text", "", "record.total == 'high'",
                        RuleAction.QUARANTINE)))
                .setPublicTopic("mesh.keys")
                .build());

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getMessage()).contains("3 problems")
                .contains("publicTopic: is 'mesh.keys', expected 'sales.orders.v1'")
                .contains("title")
                .contains("total-is-text");
        assertThat(products.isEmpty()).isTrue();
        assertThat(recordAccepted()).as("nothing in force: the record is held").isFalse();
    }

    @Test
    void shouldRefuseABadName() {
        // Given
        start(Fixtures.schemas());

        // When
        contracts("sales").pipeInput("sales.Orders.v1", ordersDescriptor().setName("Orders").setId("sales.Orders")
                .build());

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getProductId()).isEqualTo("mesh.contracts.sales");
        assertThat(v.getMessage()).contains("key: 'sales.Orders.v1' is not a contract key")
                .contains("'Orders' is not a valid name");
        assertThat(products.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAStatusMovingBackwards() {
        // Given
        start(Fixtures.schemas());
        DataProductDescriptor retired = ordersDescriptor().setStatus(ProductStatus.RETIRED).build();
        contracts("sales").pipeInput(KEY, retired);
        assertThat(products.readValuesToList()).containsExactly(retired);

        // When
        contracts("sales").pipeInput(KEY, ordersDescriptor().setStatus(ProductStatus.ACTIVE).build());

        // Then
        assertThat(onlyViolation().getMessage()).contains("1 problem)")
                .contains("status: moves back from RETIRED to ACTIVE: status only moves forward");
        assertThat(products.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseASchemaOutsideTheDomainsGroupOrArtifact() {
        // Given
        start(Fixtures.schemas().register(21, "sales", "returns", "1", ORDER));

        // When the global id is another domain's schema, then another product's
        contracts("sales").pipeInput(KEY, ordersDescriptor()
                .setSchemaRef(new SchemaRef("sales", "orders", "1", PROFILE_ID)).build());
        contracts("sales").pipeInput(KEY, ordersDescriptor()
                .setSchemaRef(new SchemaRef("sales", "orders", "1", 21L)).build());
        contracts("sales").pipeInput(KEY, ordersDescriptor()
                .setSchemaRef(new SchemaRef("sales", "orders", "1", 999L)).build());

        // Then
        assertThat(violations.readValuesToList()).extracting(GovernanceViolation::getMessage).satisfiesExactly(
                m -> assertThat(m).contains("schemaRef.globalId: " + PROFILE_ID + " is customers/profiles version 1 "
                        + "in the registry, not a version of sales/orders"),
                m -> assertThat(m).contains("schemaRef.globalId: 21 is sales/returns version 1 in the registry, "
                        + "not a version of sales/orders"),
                m -> assertThat(m).contains("schemaRef.globalId: 999 is not an Avro schema the registry knows"));
        assertThat(products.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseATombstone() {
        // Given
        start(Fixtures.schemas());
        inForce();

        // When
        driver.createInputTopic("mesh.contracts.sales", new StringSerializer(), new ByteArraySerializer())
                .pipeInput(KEY, null);

        // Then
        assertThat(onlyViolation().getMessage()).contains("value: a tombstone cannot delete a contract");
        assertThat(products.isEmpty()).isTrue();
        assertThat(recordAccepted()).isTrue();
    }

    @Test
    void shouldRefuseBytesThatAreNoDescriptor() {
        // Given
        start(Fixtures.schemas());

        // When
        driver.createInputTopic("mesh.contracts.sales", new StringSerializer(), new ByteArraySerializer())
                .pipeInput(KEY, new byte[] {1, 2, 3});

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getProductId()).isEqualTo("sales.orders");
        assertThat(v.getMessage()).contains("value: is not a DataProductDescriptor");
    }

    @Test
    void shouldRetryWhenTheRegistryIsDownNeverRefuse() {
        // Given
        start(globalId -> {
            throw new RegistryUnavailableException("registry down", null);
        });

        // When / Then: the task fails (the app replaces the thread and resumes from the last commit)
        assertThatThrownBy(() -> contracts("sales").pipeInput(KEY, ordersDescriptor().build()))
                .isInstanceOf(StreamsException.class).hasRootCauseInstanceOf(RegistryUnavailableException.class);
        assertThat(violations.isEmpty()).isTrue();
        assertThat(products.isEmpty()).isTrue();
    }
}
