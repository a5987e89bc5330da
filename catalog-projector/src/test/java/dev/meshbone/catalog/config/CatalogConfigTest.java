package dev.meshbone.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.schemas.MeshTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
                MeshTopics.STATS, MeshTopics.CATALOG));
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
                http.port=9000
                application.id=catalog-eu
                http.cors.origins=https://a.example.com, https://b.example.com
                streams.processing.guarantee=exactly_once_v2
                """);

        // When
        CatalogConfig config = CatalogConfig.load(file, Map.of("MESHBONE_CATALOG_HTTP_PORT", "9100",
                "MESHBONE_CATALOG_SLO_EVALUATION_INTERVAL", "PT2S", "UNRELATED", "x"));

        // Then
        assertThat(config.httpPort()).isEqualTo(9100);
        assertThat(config.applicationId()).isEqualTo("catalog-eu");
        assertThat(config.sloEvaluationInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.corsOrigins()).containsExactly("https://a.example.com", "https://b.example.com");
        assertThat(config.streamsOverrides()).containsEntry("processing.guarantee", "exactly_once_v2");
    }

    @Test
    void shouldNameTheSettingWhenAValueIsBad() {
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("http.port", "eighty")))
                .hasMessage("http.port (MESHBONE_CATALOG_HTTP_PORT) must be a whole number, was 'eighty'");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("http.port", "70000")))
                .hasMessageStartingWith("http.port (MESHBONE_CATALOG_HTTP_PORT) must be 0 to 65535");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("stats.retention", "30m")))
                .hasMessageStartingWith("stats.retention (MESHBONE_CATALOG_STATS_RETENTION) must be at least 1h");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("slo.evaluation.interval", "soon")))
                .hasMessageStartingWith("slo.evaluation.interval (MESHBONE_CATALOG_SLO_EVALUATION_INTERVAL) must be a duration");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("topics.create", "yes")))
                .hasMessage("topics.create (MESHBONE_CATALOG_TOPICS_CREATE) must be true or false, was 'yes'");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("bootstrap.servers", " ")))
                .hasMessage("bootstrap.servers (MESHBONE_CATALOG_BOOTSTRAP_SERVERS) must not be empty");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("topic.catalog", MeshTopics.PRODUCTS)))
                .hasMessageContaining("must be four different topics");
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("recent.violations", "0")))
                .hasMessageStartingWith("recent.violations (MESHBONE_CATALOG_RECENT_VIOLATIONS) must be 1 to 1000");
    }

    @Test
    void shouldRefuseUnknownSettingSoTyposAreNotIgnored() {
        assertThatThrownBy(() -> CatalogConfig.from(Map.of("http.prot", "8080")))
                .hasMessageStartingWith("unknown setting 'http.prot'");
    }

    @Test
    void shouldParseShortAndIsoDurations() {
        assertThat(List.of("500ms", "5s", "10m", "2h", "1d", "PT30S").stream().map(CatalogConfig::parseDuration))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(2),
                        Duration.ofDays(1), Duration.ofSeconds(30));
    }
}
