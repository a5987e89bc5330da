package dev.meshbone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class MeshSettingsTest {

    private static final MeshSettings SHOP = MeshSettings.of("shop", SharedSettings.registryCredentials(
                    SharedSettings.bootstrapServers(new ConfigDef(), "localhost:9092"))
                    .define("shop.http.port", Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.HIGH,
                            "HTTP port; 0 picks a free one.")
                    .define("shop.refresh.interval.ms", Type.LONG, 5000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                            "How often to refresh.")
                    .define("shop.name", Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH, "Its name."),
            Deprecation.renamed("meshbone.shop.http.port", "shop.http.port"),
            Deprecation.duration("refresh.interval", "shop.refresh.interval.ms")
                    .withOldEnv("MESHBONE_SHOP_REFRESH_INTERVAL"),
            Deprecation.prefix("streams.", "kafka."),
            Deprecation.environment("MESHBONE_SHOP_BOOTSTRAP_SERVERS", "bootstrap.servers"),
            Deprecation.removed("shop.partitions", "partitions are fixed by the topic definitions"));

    private static final Map<String, String> NAMED = Map.of("shop.name", "s");

    @Test
    void shouldMapKeysToEnvironmentVariables() {
        assertThat(MeshSettings.envName("catalog.http.port")).isEqualTo("MESHBONE_CATALOG_HTTP_PORT");
        assertThat(MeshSettings.envName("registry.jvm-options")).isEqualTo("MESHBONE_REGISTRY_JVM_OPTIONS");

        LoadedSettings settings = SHOP.load(Map.of(), Map.of("MESHBONE_SHOP_HTTP_PORT", "9000",
                "MESHBONE_SHOP_NAME", "eu", "MESHBONE_BOOTSTRAP_SERVERS", "b:9092"), Map.of());

        assertThat(settings.getInt("shop.http.port")).isEqualTo(9000);
        assertThat(settings.getString("shop.name")).isEqualTo("eu");
        assertThat(settings.getString("bootstrap.servers")).isEqualTo("b:9092");
    }

    @Test
    void shouldPreferCodeOverEnvironmentOverFileOverDefault() {
        Map<String, String> file = Map.of("shop.name", "file", "shop.http.port", "1", "shop.refresh.interval.ms", "7");
        Map<String, String> env = Map.of("MESHBONE_SHOP_NAME", "env", "MESHBONE_SHOP_HTTP_PORT", "2");
        Map<String, String> code = Map.of("shop.name", "code");

        LoadedSettings settings = SHOP.load(code, env, file);

        assertThat(settings.getString("shop.name")).isEqualTo("code");
        assertThat(settings.getInt("shop.http.port")).isEqualTo(2);
        assertThat(settings.getLong("shop.refresh.interval.ms")).isEqualTo(7L);
        assertThat(settings.getString("bootstrap.servers")).isEqualTo("localhost:9092");
    }

    @Test
    void shouldRefuseAnUnknownKeyWithAHint() {
        assertThatThrownBy(() -> SHOP.load(Map.of(), Map.of(), Map.of("shop.name", "s", "shop.http.prot", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Unknown setting 'shop.http.prot' (in file); did you mean 'shop.http.port'?");
        assertThatThrownBy(() -> SHOP.load(Map.of("nothing.like.it", "1"), Map.of(), NAMED))
                .hasMessageStartingWith("Unknown setting 'nothing.like.it' (in code) Known settings: ");
    }

    @Test
    void shouldCheckOnlyItsOwnEnvironmentNamespace() {
        // Other components' variables, the test kit's, and shared ones it does not define are not its business.
        LoadedSettings settings = SHOP.load(Map.of(), Map.of("MESHBONE_CATALOG_HTTP_PROT", "1",
                "MESHBONE_TESTKIT_BACKEND", "embedded", "MESHBONE_REGISTRY_URL", "http://r", "PATH", "/bin"), NAMED);
        assertThat(settings.getInt("shop.http.port")).isEqualTo(8080);

        assertThatThrownBy(() -> SHOP.load(Map.of(), Map.of("MESHBONE_SHOP_HTTP_PROT", "1"), NAMED))
                .hasMessageStartingWith("Unknown setting 'MESHBONE_SHOP_HTTP_PROT' (environment); did you mean "
                        + "MESHBONE_SHOP_HTTP_PORT ('shop.http.port')?");
    }

    @Test
    void shouldPassKafkaSettingsThroughWithoutThePrefix() {
        LoadedSettings settings = SHOP.load(Map.of("kafka.linger.ms", "20"),
                Map.of("MESHBONE_KAFKA_SECURITY_PROTOCOL", "SSL"), Map.of("shop.name", "s", "kafka.acks", "all"));

        assertThat(settings.kafka()).containsExactlyInAnyOrderEntriesOf(Map.of("linger.ms", "20",
                "security.protocol", "SSL", "acks", "all"));
        assertThat(settings.originals()).doesNotContainKey("kafka.linger.ms");
    }

    @Test
    void shouldKeepDeprecatedKeysWorkingWithAWarning() {
        LoadedSettings settings = SHOP.load(Map.of(), Map.of("MESHBONE_SHOP_REFRESH_INTERVAL", "2m",
                        "MESHBONE_SHOP_BOOTSTRAP_SERVERS", "old:9092"),
                Map.of("shop.name", "s", "meshbone.shop.http.port", "9001", "streams.processing.guarantee", "at_least_once",
                        "shop.partitions", "3"));

        assertThat(settings.getInt("shop.http.port")).isEqualTo(9001);
        assertThat(settings.getLong("shop.refresh.interval.ms")).isEqualTo(120_000L);
        assertThat(settings.getString("bootstrap.servers")).isEqualTo("old:9092");
        assertThat(settings.kafka()).containsEntry("processing.guarantee", "at_least_once");
        assertThat(settings.warnings()).containsExactlyInAnyOrder(
                "setting 'meshbone.shop.http.port' is deprecated, use 'shop.http.port'",
                "setting 'streams.processing.guarantee' is deprecated, use 'kafka.processing.guarantee'",
                "setting 'shop.partitions' is deprecated and ignored: partitions are fixed by the topic definitions",
                "setting 'MESHBONE_SHOP_REFRESH_INTERVAL' is deprecated, use 'MESHBONE_SHOP_REFRESH_INTERVAL_MS'",
                "setting 'MESHBONE_SHOP_BOOTSTRAP_SERVERS' is deprecated, use 'MESHBONE_BOOTSTRAP_SERVERS'");
    }

    @Test
    void shouldLetTheNewKeyWinOverItsDeprecatedFormInOneSource() {
        LoadedSettings settings = SHOP.load(Map.of(), Map.of(),
                Map.of("shop.name", "s", "meshbone.shop.http.port", "1", "shop.http.port", "2"));
        assertThat(settings.getInt("shop.http.port")).isEqualTo(2);
    }

    @Test
    void shouldConvertOldDurationFormats() {
        assertThat(Deprecation.toMillis("60s")).isEqualTo("60000");
        assertThat(Deprecation.toMillis("PT5S")).isEqualTo("5000");
        assertThat(Deprecation.toMillis("1d")).isEqualTo("86400000");
        assertThat(Deprecation.toMillis("250")).isEqualTo("250");
        assertThat(Deprecation.toMillis("soon")).isEqualTo("soon");
    }

    @Test
    void shouldNameTheSettingAndItsVariableWhenAValueIsBad() {
        assertThatThrownBy(() -> SHOP.load(Map.of(), Map.of("MESHBONE_SHOP_HTTP_PORT", "eighty"), NAMED))
                .hasMessage("Invalid setting shop.http.port (MESHBONE_SHOP_HTTP_PORT): must be a whole number, "
                        + "was 'eighty'");
        assertThatThrownBy(() -> SHOP.load(Map.of("shop.http.port", "70000"), Map.of(), NAMED))
                .hasMessageStartingWith("Invalid setting shop.http.port (MESHBONE_SHOP_HTTP_PORT): '70000' is invalid: "
                        + "Value must be no more than 65535");
        assertThatThrownBy(() -> SHOP.load(Map.of(), Map.of(), Map.of()))
                .hasMessage("Invalid setting shop.name (MESHBONE_SHOP_NAME): is required");
        assertThatThrownBy(() -> SHOP.load(Map.of(), Map.of("MESHBONE_SHOP_REFRESH_INTERVAL", "soon"), NAMED))
                .hasMessage("Invalid setting shop.refresh.interval.ms (MESHBONE_SHOP_REFRESH_INTERVAL_MS): must be a "
                        + "whole number, was 'soon'");
    }

    @Test
    void shouldKeepPasswordsOutOfToString() {
        LoadedSettings settings = SHOP.load(Map.of("registry.password", "s3cret"), Map.of(), NAMED);
        assertThat(settings.secret("registry.password")).isEqualTo("s3cret");
        assertThat(settings.getPassword("registry.password").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldRefuseAComponentKeyOutsideItsNamespace() {
        ConfigDef def = new ConfigDef().define("http.port", Type.INT, 1, Importance.LOW, "x");
        assertThatThrownBy(() -> MeshSettings.of("shop", def)).hasMessageContaining("must start with shop.");
    }

    @Test
    void shouldRenderTheReadmeTableFromTheDefinition() {
        assertThat(SHOP.markdownTable()).isEqualTo("""
                | key | environment variable | default | meaning |
                |---|---|---|---|
                | `bootstrap.servers` | `MESHBONE_BOOTSTRAP_SERVERS` | `localhost:9092` | Kafka bootstrap servers. |
                | `registry.username` | `MESHBONE_REGISTRY_USERNAME` | (empty) | User for HTTP basic authentication to the registry; empty for none. |
                | `registry.password` | `MESHBONE_REGISTRY_PASSWORD` | (empty) | Password for HTTP basic authentication to the registry. |
                | `shop.http.port` | `MESHBONE_SHOP_HTTP_PORT` | `8080` | HTTP port; 0 picks a free one. |
                | `shop.refresh.interval.ms` | `MESHBONE_SHOP_REFRESH_INTERVAL_MS` | `5000` | How often to refresh. |
                | `shop.name` | `MESHBONE_SHOP_NAME` | (required) | Its name. |
                """);
        String readme = "# Shop\n\n" + MeshSettings.TABLE_START + SHOP.markdownTable() + MeshSettings.TABLE_END + "\n";
        assertThat(MeshSettings.documentedTable(readme)).contains(SHOP.markdownTable());
        assertThat(MeshSettings.documentedTable("no table")).isEmpty();
    }

    @Test
    void shouldFindTheNearestKey() {
        assertThat(MeshSettings.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(MeshSettings.nearest("bootstrap.server", java.util.List.of("bootstrap.servers", "client.id")))
                .contains("bootstrap.servers");
    }
}
