package dev.meshbone.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.schemas.MeshTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldDefaultToTheWireContractsTopicsAndCorsOff() {
        // When
        CatalogConfig config = CatalogConfig.defaults();

        // Then
        assertThat(config.topics()).isEqualTo(new CatalogConfig.Topics(MeshTopics.PRODUCTS, MeshTopics.VIOLATIONS,
                MeshTopics.STATS, MeshTopics.CATALOG, MeshTopics.ACCESS));
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.sloEvaluationInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.statsRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(config.replicationFactor()).isEqualTo((short) -1);
        assertThat(config.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "meshbone-catalog"));
    }

    @Test
    void shouldLetEnvironmentOverrideTheFileAndPassStreamsSettingsThrough() throws IOException {
        // Given
        Path file = dir.resolve("catalog.properties");
        Files.writeString(file, """
                catalog.http.port=9000
                catalog.application.id=catalog-eu
                catalog.http.cors.origins=https://a.example.com, https://b.example.com
                kafka.processing.guarantee=exactly_once_v2
                """);

        // When: governance's and the SDK's variables are not the catalog's business
        CatalogConfig config = CatalogConfig.load(file, Map.of("MESHBONE_CATALOG_HTTP_PORT", "9100",
                "MESHBONE_CATALOG_SLO_EVALUATION_INTERVAL_MS", "2000", "MESHBONE_BOOTSTRAP_SERVERS", "kafka:19092",
                "MESHBONE_GOVERNANCE_HTTP_PROT", "1", "MESHBONE_REGISTRY_URL", "http://r", "UNRELATED", "x"));

        // Then
        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.applicationId()).isEqualTo("catalog-eu");
        assertThat(config.sloEvaluationInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.corsOrigins()).containsExactly("https://a.example.com", "https://b.example.com");
        assertThat(config.streamsOverrides()).containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(config.bootstrapServers()).isEqualTo("kafka:19092");
    }

    @Test
    void shouldKeepThePreviousKeysVariablesAndDurationsForOneRelease() throws IOException {
        // Given
        Path file = dir.resolve("old.properties");
        Files.writeString(file, """
                http.port=9000
                num.stream.threads=2
                topics.partitions=4
                stats.retention=3h
                streams.processing.guarantee=exactly_once_v2
                """);

        // When
        CatalogConfig config = CatalogConfig.load(file, Map.of("MESHBONE_CATALOG_BOOTSTRAP_SERVERS", "old:9092",
                "MESHBONE_CATALOG_SLO_EVALUATION_INTERVAL", "PT2S", "MESHBONE_CATALOG_TOPICS_REPLICATION_FACTOR", "3"));

        // Then
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.numStreamThreads()).isEqualTo(2);
        assertThat(config.statsRetention()).isEqualTo(Duration.ofHours(3));
        assertThat(config.sloEvaluationInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.bootstrapServers()).isEqualTo("old:9092");
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
        assertThat(config.streamsOverrides()).containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void shouldNameTheSettingWhenAValueIsBad() {
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.http.port", "eighty")))
                .hasMessage("Invalid setting catalog.http.port (MESHBONE_CATALOG_HTTP_PORT): must be a whole number, "
                        + "was 'eighty'");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.http.port", "70000")))
                .hasMessageStartingWith("Invalid setting catalog.http.port (MESHBONE_CATALOG_HTTP_PORT): '70000' is "
                        + "invalid");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.stats.retention.ms", "1800000")))
                .hasMessageStartingWith("Invalid setting catalog.stats.retention.ms (MESHBONE_CATALOG_STATS_RETENTION_MS): "
                        + "'1800000' is invalid: Value must be at least 3600000");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.slo.evaluation.interval.ms", "soon")))
                .hasMessage("Invalid setting catalog.slo.evaluation.interval.ms "
                        + "(MESHBONE_CATALOG_SLO_EVALUATION_INTERVAL_MS): must be a whole number, was 'soon'");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.topics.create", "yes")))
                .hasMessage("Invalid setting catalog.topics.create (MESHBONE_CATALOG_TOPICS_CREATE): must be true or "
                        + "false, was 'yes'");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("bootstrap.servers", " ")))
                .hasMessageStartingWith("Invalid setting bootstrap.servers (MESHBONE_BOOTSTRAP_SERVERS): '' is invalid");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.topic.catalog", MeshTopics.PRODUCTS)))
                .hasMessageContaining("must be five different topics");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.recent.violations", "0")))
                .hasMessageStartingWith("Invalid setting catalog.recent.violations (MESHBONE_CATALOG_RECENT_VIOLATIONS): "
                        + "'0' is invalid");
    }

    @Test
    void shouldRefuseUnknownSettingSoTyposAreNotIgnored() {
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("catalog.http.prot", "8080")))
                .hasMessageStartingWith("Unknown setting 'catalog.http.prot' (in code); did you mean 'catalog.http.port'?");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("MESHBONE_CATALOG_HTTP_PROT", "8080")))
                .hasMessageStartingWith("Unknown setting 'MESHBONE_CATALOG_HTTP_PROT' (environment); did you mean "
                        + "MESHBONE_CATALOG_HTTP_PORT ('catalog.http.port')?");
    }

    @Test
    void shouldReadTheConfigFileNameFromTheEnvironment() {
        assertThat(CatalogConfig.configFile(Map.of("MESHBONE_CATALOG_CONFIG", "/etc/catalog.properties")))
                .isEqualTo(Path.of("/etc/catalog.properties"));
        assertThat(CatalogConfig.configFile(Map.of())).isNull();
        assertThat(CatalogConfig.load(null, Map.of("MESHBONE_CATALOG_CONFIG", "/etc/catalog.properties")).httpPort())
                .isEqualTo(8080);
    }
}
