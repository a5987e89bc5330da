package dev.meshbone.governance.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;

/** Registers test schemas over the registry's REST API, as the SDK does, and returns their global ids. */
final class RegistryRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String api;
    private final Map<String, String> headers;
    private final HttpClient http = HttpClient.newHttpClient();

    RegistryRest(String api) {
        this(api, Map.of());
    }

    /** With headers on every call: the test kit's {@code registryHeaders()} for a secure registry. */
    RegistryRest(String api, Map<String, String> headers) {
        this.api = api;
        this.headers = Map.copyOf(headers);
    }

    long register(String group, String artifact, Schema schema) throws Exception {
        String content = JSON.writeValueAsString(Map.of("content", schema.toString(), "contentType", "application/json"));
        HttpResponse<String> created = post("/groups/" + group + "/artifacts",
                "{\"artifactId\":\"" + artifact + "\",\"artifactType\":\"AVRO\",\"firstVersion\":{\"content\":"
                        + content + "}}");
        if (created.statusCode() == 409) {
            created = post("/groups/" + group + "/artifacts/" + artifact + "/versions", "{\"content\":" + content + "}");
            return JSON.readTree(created.body()).path("globalId").asLong();
        }
        if (created.statusCode() != 200) {
            throw new IllegalStateException(created.statusCode() + " " + created.body());
        }
        JsonNode body = JSON.readTree(created.body());
        return body.path("version").path("globalId").asLong();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
