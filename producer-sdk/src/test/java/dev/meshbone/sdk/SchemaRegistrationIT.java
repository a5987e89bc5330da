package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MeshClusterExtension.class)
class SchemaRegistrationIT {

    private static final String V1 = """
            {"type": "record", "name": "Payment", "namespace": "billing", "fields": [
              {"name": "paymentId", "type": "string"},
              {"name": "amount", "type": "double"},
              {"name": "currency", "type": "string"}]}""";
    private static final String V2_OPTIONAL_FIELD = """
            {"type": "record", "name": "Payment", "namespace": "billing", "fields": [
              {"name": "paymentId", "type": "string"},
              {"name": "amount", "type": "double"},
              {"name": "currency", "type": "string"},
              {"name": "note", "type": ["null", "string"], "default": null}]}""";
    private static final String AMOUNT_AS_STRING = """
            {"type": "record", "name": "Payment", "namespace": "billing", "fields": [
              {"name": "paymentId", "type": "string"},
              {"name": "amount", "type": "string"},
              {"name": "currency", "type": "string"}]}""";
    private static final String WITHOUT_CURRENCY = """
            {"type": "record", "name": "Payment", "namespace": "billing", "fields": [
              {"name": "paymentId", "type": "string"},
              {"name": "amount", "type": "double"}]}""";

    private final MeshCluster cluster;
    private final MeshConfig config;
    private final HttpClient http = HttpClient.newHttpClient();

    SchemaRegistrationIT(MeshCluster cluster) {
        this.cluster = cluster;
        this.config = MeshConfig.builder().properties(cluster.settingsProperties()).build();
    }

    private static DataProduct payments(String domain, String schema) {
        return DataProduct.builder(domain, "payments").title("Payments").owner("billing", "billing@example.com")
                .schema(schema).build();
    }

    @Test
    void shouldRegisterTheSchemaWithItsRulesAndCreateTheTopics() throws Exception {
        // Given
        String domain = MeshClusterExtension.uniqueName("billing");
        DataProduct product = payments(domain, V1);

        // When
        long globalId;
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(config, product, GenericRecord.class)) {
            globalId = publisher.globalId();
        }

        // Then
        JsonNode version = get("/groups/" + domain + "/artifacts/payments/versions/1");
        assertThat(version.path("globalId").asLong()).isEqualTo(globalId);
        assertThat(version.path("artifactType").asText()).isEqualTo("AVRO");
        assertThat(get("/groups/" + domain + "/artifacts/payments/rules/COMPATIBILITY").path("config").asText())
                .isEqualTo("BACKWARD");
        assertThat(get("/groups/" + domain + "/artifacts/payments/rules/VALIDITY").path("config").asText())
                .isEqualTo("FULL");
        try (Admin admin = cluster.createAdmin()) {
            TopicDescription ingress = admin.describeTopics(Set.of(product.ingressTopic())).allTopicNames().get()
                    .get(product.ingressTopic());
            assertThat(ingress.partitions()).hasSize(3);
            String contractTopic = "mesh.contracts." + domain;
            var contracts = new ConfigResource(ConfigResource.Type.TOPIC, contractTopic);
            assertThat(admin.describeConfigs(Set.of(contracts)).all().get().get(contracts).get("cleanup.policy")
                    .value()).isEqualTo("compact");
            assertThat(admin.describeTopics(Set.of(contractTopic)).allTopicNames().get().get(contractTopic)
                    .partitions()).hasSize(1);
        }
    }

    @Test
    void shouldReuseTheVersionOfIdenticalContentAndAcceptACompatibleEvolution() {
        // Given
        String domain = MeshClusterExtension.uniqueName("billing");
        String firstVersion;
        long firstGlobalId;
        try (MeshPublisher<GenericRecord> v1 = MeshPublisher.open(config, payments(domain, V1), GenericRecord.class)) {
            firstVersion = v1.schemaVersion();
            firstGlobalId = v1.globalId();
        }

        // When
        String reopenedVersion;
        try (MeshPublisher<GenericRecord> again = MeshPublisher.open(config, payments(domain, V1),
                GenericRecord.class)) {
            reopenedVersion = again.schemaVersion();
        }
        String evolvedVersion;
        long evolvedGlobalId;
        try (MeshPublisher<GenericRecord> v2 = MeshPublisher.open(config, payments(domain, V2_OPTIONAL_FIELD),
                GenericRecord.class)) {
            evolvedVersion = v2.schemaVersion();
            evolvedGlobalId = v2.globalId();
        }

        // Then
        assertThat(reopenedVersion).isEqualTo(firstVersion).isEqualTo("1");
        assertThat(evolvedVersion).isEqualTo("2");
        assertThat(evolvedGlobalId).isGreaterThan(firstGlobalId);
    }

    @Test
    void shouldRefuseATypeChangeWithTheRegistrysReason() {
        // Given
        String domain = MeshClusterExtension.uniqueName("billing");
        MeshPublisher.open(config, payments(domain, V1), GenericRecord.class).close();

        // When
        SchemaRejectedException e = catchThrowableOfType(SchemaRejectedException.class,
                () -> MeshPublisher.open(config, payments(domain, AMOUNT_AS_STRING), GenericRecord.class));

        // Then
        assertThat(e.artifact()).isEqualTo(domain + "/payments");
        assertThat(e.causes()).singleElement().asString()
                .contains("reader type: STRING not compatible with writer type: DOUBLE").contains("/fields/1/type");
        assertThat(e).hasMessageContaining("The registry refused the schema for " + domain + "/payments: "
                        + "Incompatible artifact")
                .hasMessageContaining("reader type: STRING not compatible with writer type: DOUBLE")
                .hasMessageContaining("declare " + domain + ".payments with majorVersion(2)");
    }

    @Test
    void shouldRefuseRemovingARequiredFieldUnderFullCompatibility() {
        // Given
        String domain = MeshClusterExtension.uniqueName("billing");
        DataProduct full = payments(domain, V1).toBuilder().compatibility(CompatibilityMode.FULL).build();
        MeshPublisher.open(config, full, GenericRecord.class).close();

        // When
        SchemaRejectedException e = catchThrowableOfType(SchemaRejectedException.class,
                () -> MeshPublisher.open(config, full.toBuilder().schema(WITHOUT_CURRENCY).build(),
                        GenericRecord.class));

        // Then
        assertThat(e.causes()).isNotEmpty();
        assertThat(e).hasMessageContaining("Incompatible artifact").hasMessageContaining("currency");
    }

    @Test
    void shouldRegisterABreakingChangeAsANewMajorVersionsArtifact() {
        // Given
        String domain = MeshClusterExtension.uniqueName("billing");
        DataProduct v1 = payments(domain, V1);
        MeshPublisher.open(config, v1, GenericRecord.class).close();

        // When
        DataProduct v2 = v1.toBuilder().majorVersion(2).schema(AMOUNT_AS_STRING).build();
        String registered;
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(config, v2, GenericRecord.class)) {
            registered = publisher.schemaVersion();
        }

        // Then
        assertThat(registered).isEqualTo("1");
        assertThat(get("/groups/" + domain + "/artifacts/payments.v2/versions/1").path("artifactId").asText())
                .isEqualTo("payments.v2");
    }

    private JsonNode get(String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.registryApiUrl() + path));
            cluster.registryHeaders().forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
