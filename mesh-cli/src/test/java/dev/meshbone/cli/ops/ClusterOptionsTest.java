package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterOptionsTest {

    @Test
    void shouldTakeAKafkaStyleCommandConfigWithMeshboneSettings(@TempDir Path dir) throws IOException {
        // Given: Kafka's convention (client properties as they are) mixed with Meshbone's keys
        Path file = dir.resolve("ops.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-1:9093
                registry.url=http://registry:8080
                registry.username=ops
                registry.password=s3cret
                security.protocol=SASL_PLAINTEXT
                kafka.sasl.mechanism=SCRAM-SHA-512
                """);
        ClusterOptions options = new ClusterOptions();
        options.commandConfig = file;

        // When
        Properties client = options.client("test");

        // Then
        assertThat(client).containsEntry("bootstrap.servers", "kafka-1:9093")
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("registry.password");
        assertThat(options.registryApi()).isEqualTo("http://registry:8080/apis/registry/v3");
        assertThat(options.registryUsername()).isEqualTo("ops");
        assertThat(options.registryPassword()).isEqualTo("s3cret");
    }

    @Test
    void shouldLetAFlagWinOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ops.properties");
        Files.writeString(file, "bootstrap.servers=kafka-1:9093\n");
        ClusterOptions options = new ClusterOptions();
        options.commandConfig = file;
        options.bootstrapServers = "other:9092";

        assertThat(options.bootstrapServers()).isEqualTo("other:9092");
    }

    @Test
    void shouldNameAMissingCommandConfig(@TempDir Path dir) {
        ClusterOptions options = new ClusterOptions();
        options.commandConfig = dir.resolve("nope.properties");

        assertThatThrownBy(options::bootstrapServers).hasMessageContaining("--command-config")
                .hasMessageContaining("nope.properties");
    }
}
