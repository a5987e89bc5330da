package dev.meshbone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry on an H2 file: SIGKILLed right after it answered a registration, it still has that version. */
class EmbeddedRegistryCrashIT {

    private static final Pattern GLOBAL_ID = Pattern.compile("\"globalId\"\\s*:\\s*(\\d+)");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldKeepEveryAnsweredRegistrationThroughASigkill(@TempDir Path dataDir) throws Exception {
        // Given: ten schemas registered, the registry SIGKILLed at once after the last answer
        EmbeddedRegistry registry = EmbeddedRegistry.start(0, dataDir);
        List<Long> globalIds = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                globalIds.add(register(registry, "crash-check-" + i));
            }
            registry.kill();

            // When
            registry = registry.startAgain();

            // Then
            for (long globalId : globalIds) {
                assertThat(get(registry, "/apis/registry/v3/ids/globalIds/" + globalId).statusCode())
                        .as("global id %d after the restart", globalId).isEqualTo(200);
            }
        } finally {
            registry.close();
        }
    }

    private long register(EmbeddedRegistry registry, String artifactId) throws Exception {
        String schema = "{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\""
                + artifactId.replace('-', '_') + "\\\",\\\"type\\\":\\\"string\\\"}]}";
        String body = "{\"artifactId\":\"" + artifactId + "\",\"artifactType\":\"AVRO\",\"firstVersion\":"
                + "{\"content\":{\"content\":\"" + schema + "\",\"contentType\":\"application/json\"}}}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/apis/registry/v3/groups/crash/artifacts"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Matcher id = GLOBAL_ID.matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private HttpResponse<String> get(EmbeddedRegistry registry, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
