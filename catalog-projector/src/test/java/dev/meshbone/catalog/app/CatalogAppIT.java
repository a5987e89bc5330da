package dev.meshbone.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.catalog.TestCatalogs;
import dev.meshbone.catalog.TestHttp;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The runnable app in a JVM of its own: config file plus environment, graceful stop on SIGTERM, exit codes. */
@ExtendWith(MeshClusterExtension.class)
class CatalogAppIT {

    @TempDir
    Path dir;

    @Test
    void shouldServeFromConfigFileAndEnvironmentAndStopGracefullyOnSigterm(MeshCluster cluster) throws Exception {
        // Given: a config file, with the port from the environment
        Map<String, String> settings = TestCatalogs.settings(cluster.kafkaSettings(),
                MeshClusterExtension.uniqueName("catalog-app"), dir.resolve("state"));
        settings.remove("catalog.http.port");
        Path file = dir.resolve("catalog.properties");
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n")));
        int port = freePort();
        Process app = start(List.of(file.toString()), Map.of("MESHBONE_CATALOG_HTTP_PORT", Integer.toString(port)));
        try {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                    TestHttp.get("http://127.0.0.1:" + port + "/health").json().path("status").asText().equals("UP"));

            // When
            app.destroy(); // SIGTERM

            // Then
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            String log = Files.readString(dir.resolve("app.log"));
            assertThat(log).contains("Stopping the catalog projector").contains("PENDING_SHUTDOWN -> NOT_RUNNING");
            assertThat(app.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
        } finally {
            app.destroyForcibly();
        }
    }

    @Test
    void shouldExitWithTwoAndNameTheSettingWhenConfigIsBad() throws Exception {
        // Given
        Process app = start(List.of(), Map.of("MESHBONE_CATALOG_HTTP_PORT", "eighty"));

        // When
        boolean exited = app.waitFor(60, TimeUnit.SECONDS);

        // Then
        assertThat(exited).isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("app.log")))
                .contains("catalog.http.port (MESHBONE_CATALOG_HTTP_PORT): must be a whole number, was 'eighty'");
    }

    private Process start(List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CatalogApp.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("app.log").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MESHBONE_CATALOG_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
