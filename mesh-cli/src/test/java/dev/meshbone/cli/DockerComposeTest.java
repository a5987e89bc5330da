package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.catalog.config.CatalogSetting;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.config.GovernanceSettings;
import dev.meshbone.governance.config.Setting;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml cannot run here (no Docker engine), so this checks it agrees with the apps it runs. */
class DockerComposeTest {

    private static final Path COMPOSE = Path.of("../docker-compose.yml");

    private static JsonNode services() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).path("services");
    }

    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static String publishedPort(JsonNode service) {
        return service.path("ports").get(0).asText().split(":")[0];
    }

    @Test
    void shouldRunTheVersionsTheBuildPins() throws Exception {
        Properties versions = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/dev/meshbone/embedded/versions.properties")) {
            versions.load(in);
        }
        JsonNode services = services();
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + versions.getProperty("kafka.version"));
        assertThat(services.path("registry").path("image").asText())
                .isEqualTo("apicurio/apicurio-registry:" + versions.getProperty("apicurio.registry.version"));
        assertThat(Files.readString(Path.of("../Dockerfile"))).contains("/app/mesh.jar");
    }

    @Test
    void shouldConfigureGovernanceWithItsOwnSettingsAndPorts() throws Exception {
        // Given
        JsonNode governance = services().path("governance");
        Map<String, String> env = env(governance);
        Set<String> known = GovernanceSettings.ALL.stream().map(Setting::environmentVariable).collect(Collectors.toSet());

        // Then every variable is one the app reads, the config is valid, and the port is the one published
        assertThat(known).containsAll(env.keySet());
        GovernanceConfig config = GovernanceConfig.load(null, env);
        assertThat(String.valueOf(config.httpPort())).isEqualTo(publishedPort(governance));
        assertThat(config.bootstrapServers()).isEqualTo(internalKafkaListener());
        assertThat(config.registryUrl()).startsWith("http://registry:8080/");
        assertThat(Class.forName(governance.path("command").get(0).asText())).isNotNull();
    }

    @Test
    void shouldConfigureTheCatalogWithItsOwnSettingsAndPorts() throws Exception {
        JsonNode catalog = services().path("catalog");
        Map<String, String> env = env(catalog);
        Set<String> known = Arrays.stream(CatalogSetting.values()).map(CatalogSetting::env).collect(Collectors.toSet());

        assertThat(known).containsAll(env.keySet());
        CatalogConfig config = CatalogConfig.load(null, env);
        assertThat(String.valueOf(config.httpPort())).isEqualTo(publishedPort(catalog));
        assertThat(config.bootstrapServers()).isEqualTo(internalKafkaListener());
        assertThat(Class.forName(catalog.path("command").get(0).asText())).isNotNull();
    }

    @Test
    void shouldPointTheDemoAtTheSameCluster() throws Exception {
        JsonNode demo = services().path("demo");
        assertThat(env(demo)).containsEntry("MESHBONE_BOOTSTRAP_SERVERS", internalKafkaListener())
                .containsEntry("MESHBONE_REGISTRY_URL", "http://registry:8080/apis/registry/v3");
        assertThat(demo.path("command").get(0).asText()).isEqualTo(MeshCli.class.getName());
        assertThat(MeshCliTest.run("demo", "--help").exit()).isZero();
    }

    private static String internalKafkaListener() throws Exception {
        String advertised = env(services().path("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        return Arrays.stream(advertised.split(",")).filter(l -> l.startsWith("INTERNAL://")).findFirst().orElseThrow()
                .substring("INTERNAL://".length());
    }
}
