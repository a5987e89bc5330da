package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.catalog.config.CatalogSettings;
import dev.meshbone.cli.ops.ClusterOptions;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.config.GovernanceSettings;
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

        // Then every variable is one the app reads under its current name, the config is valid, and the port is
        // the one published
        assertThat(variables(GovernanceSettings.SETTINGS)).containsAll(env.keySet());
        assertThat(GovernanceSettings.SETTINGS.load(Map.of(), env, Map.of()).warnings()).isEmpty();
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

        assertThat(variables(CatalogSettings.SETTINGS)).containsAll(env.keySet());
        assertThat(CatalogSettings.SETTINGS.load(Map.of(), env, Map.of()).warnings()).isEmpty();
        CatalogConfig config = CatalogConfig.load(null, env);
        assertThat(String.valueOf(config.httpPort())).isEqualTo(publishedPort(catalog));
        assertThat(config.bootstrapServers()).isEqualTo(internalKafkaListener());
        assertThat(Class.forName(catalog.path("command").get(0).asText())).isNotNull();
    }

    @Test
    void shouldPointTheDemoAtTheSameCluster() throws Exception {
        JsonNode demo = services().path("demo");
        assertThat(variables(ClusterOptions.SETTINGS)).containsAll(env(demo).keySet());
        assertThat(env(demo)).containsEntry(MeshSettings.envName("bootstrap.servers"), internalKafkaListener())
                .containsEntry(MeshSettings.envName("registry.url"), "http://registry:8080/apis/registry/v3");
        assertThat(demo.path("command").get(0).asText()).isEqualTo(MeshCli.class.getName());
        assertThat(MeshCliTest.run("demo", "--help").exit()).isZero();
    }

    /** The environment variables a component reads: one per setting it defines. */
    private static Set<String> variables(MeshSettings settings) {
        return settings.definition().configKeys().keySet().stream().map(MeshSettings::envName)
                .collect(Collectors.toSet());
    }

    private static String internalKafkaListener() throws Exception {
        String advertised = env(services().path("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        return Arrays.stream(advertised.split(",")).filter(l -> l.startsWith("INTERNAL://")).findFirst().orElseThrow()
                .substring("INTERNAL://".length());
    }
}
