package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshConfigTest {

    @Test
    void shouldFillEveryDefault() {
        // When
        MeshConfig config = MeshConfig.of("localhost:9092", "http://localhost:8080");

        // Then
        assertThat(config.registryUrl()).isEqualTo("http://localhost:8080/apis/registry/v3");
        assertThat(config.registryBaseUrl()).isEqualTo("http://localhost:8080");
        assertThat(config.clientId()).startsWith("meshbone-");
        assertThat(config.topicPartitions()).isEqualTo(3);
        assertThat(config.replicationFactor()).isEqualTo((short) -1);
        assertThat(config.openTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.registryRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.kafkaProperties()).isEmpty();
    }

    @Test
    void shouldReadTheEnvironmentIncludingKafkaSecuritySettings() {
        // Given variables of the SDK, of Kafka, and of other components (ignored)
        Map<String, String> env = Map.of(
                "MESHBONE_BOOTSTRAP_SERVERS", "broker:9093",
                "MESHBONE_REGISTRY_URL", "https://registry.example.com/apis/registry/v3/",
                "MESHBONE_CLIENT_ID", "orders-service",
                "MESHBONE_OPEN_TIMEOUT_MS", "120000",
                "MESHBONE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "MESHBONE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "MESHBONE_KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.jks",
                "MESHBONE_KAFKA_LINGER_MS", "20",
                "MESHBONE_GOVERNANCE_HTTP_PORT", "8081",
                "PATH", "/usr/bin");

        // When
        MeshConfig config = MeshConfig.builder().environment(env).build();

        // Then
        assertThat(config.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(config.registryUrl()).isEqualTo("https://registry.example.com/apis/registry/v3");
        assertThat(config.clientId()).isEqualTo("orders-service");
        assertThat(config.openTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/truststore.jks",
                "linger.ms", "20"));
    }

    @Test
    void shouldReadAPropertiesFile(@TempDir Path dir) throws IOException {
        // Given
        Path file = Files.writeString(dir.resolve("meshbone.properties"), """
                bootstrap.servers=broker:9092
                registry.url=http://registry:8080
                client.id=billing
                topic.partitions=6
                topic.replication.factor=3
                registry.request.timeout.ms=5000
                kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";
                kafka.compression.type=lz4
                """);

        // When
        MeshConfig config = MeshConfig.load(file);

        // Then
        assertThat(config.topicPartitions()).isEqualTo(6);
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
        assertThat(config.registryRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kafkaProperties()).containsEntry("compression.type", "lz4")
                .containsKey("sasl.jaas.config");
        assertThat(config.toString()).contains("sasl.jaas.config=****").doesNotContain("password=\"p\"");
    }

    @Test
    void shouldNameTheSettingThatIsWrong() {
        assertThatThrownBy(() -> MeshConfig.builder().registryUrl("http://r:8080").build())
                .hasMessage("Invalid setting bootstrap.servers (MESHBONE_BOOTSTRAP_SERVERS): is required");
        assertThatThrownBy(() -> MeshConfig.of("b:9092", "registry:8080"))
                .hasMessageStartingWith("Invalid setting registry.url (MESHBONE_REGISTRY_URL): must be an http(s) URL");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .set("topic.partitions", "three").build())
                .hasMessage("Invalid setting topic.partitions (MESHBONE_TOPIC_PARTITIONS): must be a whole number, "
                        + "was 'three'");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .set("open.timeout.ms", "soon").build())
                .hasMessage("Invalid setting open.timeout.ms (MESHBONE_OPEN_TIMEOUT_MS): must be a whole number, "
                        + "was 'soon'");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .environment(Map.of("MESHBONE_TOPIC_PARTITIONS", "0")).build())
                .hasMessageStartingWith("Invalid setting topic.partitions (MESHBONE_TOPIC_PARTITIONS): '0' is invalid");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .replicationFactor(0).build())
                .hasMessageContaining("topic.replication.factor");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .clientId("orders service").build())
                .hasMessageContaining("client.id");
    }

    @Test
    void shouldRefuseAnUnknownSetting() {
        Properties props = new Properties();
        props.setProperty("bootstrap.server", "b:9092");
        assertThatThrownBy(() -> MeshConfig.fromProperties(props))
                .hasMessageStartingWith("Unknown setting 'bootstrap.server' (in file); did you mean 'bootstrap.servers'? "
                        + "Known settings: bootstrap.servers, ");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .set("client.idd", "x").build())
                .hasMessageContaining("did you mean 'client.id'?");
    }

    @Test
    void shouldPreferCodeOverTheEnvironmentOverTheFile() {
        // Given
        Properties file = new Properties();
        file.setProperty("bootstrap.servers", "file:9092");
        file.setProperty("client.id", "from-file");
        file.setProperty("registry.url", "http://file");

        // When the calls come in the "wrong" order
        MeshConfig config = MeshConfig.builder().clientId("from-code").properties(file)
                .environment(Map.of("MESHBONE_CLIENT_ID", "from-env", "MESHBONE_BOOTSTRAP_SERVERS", "env:9092"))
                .build();

        // Then
        assertThat(config.clientId()).isEqualTo("from-code");
        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.registryUrl()).isEqualTo("http://file/apis/registry/v3");
    }

    @Test
    void shouldKeepTheOldKeysAndDurationFormatsForOneRelease(@TempDir Path dir) throws IOException {
        // Given
        Path file = Files.writeString(dir.resolve("old.properties"), """
                bootstrap.servers=broker:9092
                registry.url=http://registry:8080
                open.timeout=2m
                registry.request.timeout=PT5S
                security.protocol=SSL
                ssl.truststore.location=/etc/kafka/truststore.jks
                """);

        // When
        MeshConfig config = MeshConfig.load(file);
        MeshConfig fromEnv = MeshConfig.builder().environment(Map.of("MESHBONE_BOOTSTRAP_SERVERS", "b:9092",
                "MESHBONE_REGISTRY_URL", "http://r", "MESHBONE_OPEN_TIMEOUT", "30s",
                "MESHBONE_SASL_MECHANISM", "PLAIN")).build();

        // Then
        assertThat(config.openTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.registryRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks");
        assertThat(fromEnv.openTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromEnv.kafkaProperties()).containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void shouldRefuseKafkaSettingsThatWouldWeakenTheProducer() {
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .kafka("acks", "1").build())
                .hasMessage("Invalid setting kafka.acks: the SDK manages it (acks=all); remove it");
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .kafka("enable.idempotence", "false").build())
                .hasMessageContaining("kafka.enable.idempotence");
        assertThat(MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .kafka("acks", "all").build().kafkaProperties()).containsEntry("acks", "all");
    }

    @Test
    void shouldRequireRegistryUserAndPasswordTogether() {
        assertThatThrownBy(() -> MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .set("registry.username", "svc").build())
                .hasMessageContaining("registry.username and registry.password go together");
        MeshConfig config = MeshConfig.builder().bootstrapServers("b:9092").registryUrl("http://r")
                .set("registry.username", "svc").set("registry.password", "s3cret").build();
        assertThat(config.toString()).doesNotContain("s3cret");
    }
}
