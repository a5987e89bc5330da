package dev.meshbone.sdk.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.sdk.MeshException;
import dev.meshbone.sdk.SchemaRejectedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a product's contract schema in Apicurio Registry over its v3 REST API, with the JDK's HTTP client.
 * Transient faults (connection refused, timeouts, 5xx, 429) are retried with back-off until a deadline; anything
 * else is answered at once. Thread-safe.
 */
public final class RegistryClient {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/json";
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final String apiUrl;
    private static final Pattern GROUP_IN_PATH = Pattern.compile("/groups/([^/]+)");

    private final String authorization;
    private final String username;
    private final Duration requestTimeout;
    private final HttpClient http;

    /**
     * @param apiUrl         the v3 API URL, {@code http://host:port/apis/registry/v3}
     * @param username       basic-auth user, empty for none
     * @param password       basic-auth password
     * @param requestTimeout timeout of one request
     */
    public RegistryClient(String apiUrl, String username, String password, Duration requestTimeout) {
        this.apiUrl = apiUrl;
        this.authorization = SharedSettings.registryAuthorization(username, password).orElse(null);
        this.username = username;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /**
     * A registered version of an artifact.
     *
     * @param groupId    the group (the domain)
     * @param artifactId the artifact
     * @param version    the registry's version string
     * @param globalId   the version's global id, what records carry
     * @param created    true when this call created the version, false when identical content was there
     */
    public record RegisteredVersion(String groupId, String artifactId, String version, long globalId,
                                    boolean created) {
    }

    /**
     * Makes sure the artifact exists (type AVRO) with the given compatibility rule and a FULL validity rule, then
     * registers the schema as a new version unless a version with identical content exists.
     *
     * @throws SchemaRejectedException when a rule refuses the schema, with the registry's explanation
     * @throws MeshException           when the registry cannot be reached before the deadline or answers
     *                                 unexpectedly
     */
    public RegisteredVersion register(String groupId, String artifactId, String schemaJson, String compatibility,
                                      String hintOnIncompatible, Instant deadline) {
        String artifact = "/groups/" + encode(groupId) + "/artifacts/" + encode(artifactId);
        ensureArtifact(groupId, artifactId, artifact, deadline);
        ensureRule(artifact, "COMPATIBILITY", compatibility, deadline);
        ensureRule(artifact, "VALIDITY", "FULL", deadline);
        RegisteredVersion existing = findByContent(groupId, artifactId, schemaJson, deadline);
        if (existing != null) {
            LOGGER.debug("Schema of {}/{} is already version {} (global id {})", groupId, artifactId,
                    existing.version(), existing.globalId());
            return existing;
        }
        ObjectNode body = JSON.createObjectNode();
        body.putObject("content").put("content", schemaJson).put("contentType", CONTENT_TYPE);
        HttpResponse<String> response = send(post(artifact + "/versions", body.toString()), deadline);
        if (response.statusCode() == 200) {
            JsonNode meta = parse(response);
            LOGGER.info("Registered {}/{} version {} (global id {})", groupId, artifactId,
                    meta.path("version").asText(), meta.path("globalId").asLong());
            return new RegisteredVersion(groupId, artifactId, meta.path("version").asText(),
                    meta.path("globalId").asLong(), true);
        }
        JsonNode problem = parseQuietly(response.body());
        if (problem != null && "RuleViolationException".equals(problem.path("name").asText())) {
            List<String> causes = new ArrayList<>();
            problem.path("causes").forEach(c -> causes.add(c.path("description").asText()
                    + (c.path("context").asText().isEmpty() ? "" : " at " + c.path("context").asText())));
            String title = problem.path("title").asText(problem.path("detail").asText("rule violation"));
            boolean compatibilityViolation = title.toLowerCase(java.util.Locale.ROOT).contains("incompatible");
            throw new SchemaRejectedException(groupId + "/" + artifactId, title, causes,
                    compatibilityViolation ? hintOnIncompatible : null);
        }
        throw unexpected("register a version of " + groupId + "/" + artifactId, response);
    }

    private void ensureArtifact(String groupId, String artifactId, String artifact, Instant deadline) {
        HttpResponse<String> found = send(get(artifact), deadline);
        if (found.statusCode() == 200) {
            return;
        }
        if (found.statusCode() != 404) {
            throw unexpected("look up artifact " + groupId + "/" + artifactId, found);
        }
        ObjectNode body = JSON.createObjectNode().put("artifactId", artifactId).put("artifactType", "AVRO");
        HttpResponse<String> created = send(post("/groups/" + encode(groupId) + "/artifacts", body.toString()),
                deadline);
        if (created.statusCode() == 200) {
            LOGGER.info("Created registry artifact {}/{}", groupId, artifactId);
        } else if (created.statusCode() != 409) { // 409: created meanwhile by another publisher
            throw unexpected("create artifact " + groupId + "/" + artifactId, created);
        }
    }

    private void ensureRule(String artifact, String ruleType, String config, Instant deadline) {
        String rule = JSON.createObjectNode().put("ruleType", ruleType).put("config", config).toString();
        HttpResponse<String> current = send(get(artifact + "/rules/" + ruleType), deadline);
        if (current.statusCode() == 200) {
            if (config.equals(parse(current).path("config").asText())) {
                return;
            }
            expectOk(send(put(artifact + "/rules/" + ruleType, rule), deadline), "update rule " + ruleType);
            LOGGER.info("Set {} rule of {} to {}", ruleType, artifact, config);
            return;
        }
        if (current.statusCode() != 404) {
            throw unexpected("read rule " + ruleType, current);
        }
        HttpResponse<String> created = send(post(artifact + "/rules", rule), deadline);
        if (created.statusCode() == 409) { // created meanwhile
            expectOk(send(put(artifact + "/rules/" + ruleType, rule), deadline), "update rule " + ruleType);
        } else {
            expectOk(created, "create rule " + ruleType);
        }
    }

    private RegisteredVersion findByContent(String groupId, String artifactId, String schemaJson, Instant deadline) {
        // Exact content, not canonical: the registry's canonical form ignores docs, and a doc change is a new version.
        String query = "/search/versions?groupId=" + encode(groupId) + "&artifactId=" + encode(artifactId)
                + "&canonical=false&limit=100";
        HttpResponse<String> response = send(post(query, schemaJson), deadline);
        expectOk(response, "search versions of " + groupId + "/" + artifactId);
        RegisteredVersion best = null;
        for (JsonNode v : parse(response).path("versions")) {
            if ("DISABLED".equals(v.path("state").asText())) {
                continue;
            }
            long globalId = v.path("globalId").asLong();
            if (best == null || globalId > best.globalId()) {
                best = new RegisteredVersion(groupId, artifactId, v.path("version").asText(), globalId, false);
            }
        }
        return best;
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, String body) {
        return request(path).header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private HttpRequest put(String path, String body) {
        return request(path).header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    /** Sends, retrying transient faults with exponential back-off and jitter until the deadline. */
    private HttpResponse<String> send(HttpRequest request, Instant deadline) {
        Duration backoff = FIRST_BACKOFF;
        int attempt = 0;
        while (true) {
            attempt++;
            String fault;
            try {
                HttpResponse<String> response = http.send(request,
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 401 || status == 403) {
                    throw refused(request, status);
                }
                if (status < 500 && status != 429) {
                    return response;
                }
                fault = "HTTP " + status;
            } catch (IOException e) {
                fault = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeshException("interrupted while calling the registry at " + request.uri(), e);
            }
            Instant next = Instant.now().plus(backoff);
            if (next.isAfter(deadline)) {
                throw new MeshException("The registry at " + apiUrl + " did not answer " + request.method() + " "
                        + request.uri().getPath() + " within the open timeout (" + attempt + " attempts, last: "
                        + fault + ")");
            }
            LOGGER.debug("Registry call {} {} failed ({}); retrying in {} ms", request.method(), request.uri(), fault,
                    backoff.toMillis());
            LockSupport.parkNanos(backoff.toNanos() + ThreadLocalRandom.current().nextLong(backoff.toNanos() / 4 + 1));
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** A refused login or a write outside the user's own group, as one line. */
    private MeshException refused(HttpRequest request, int status) {
        String user = username.isEmpty() ? "(anonymous: no registry.username)" : username;
        if (status == 401) {
            return new MeshException("The registry at " + apiUrl + " refused the login of user " + user
                    + ": wrong password, or no such user (registry.username, registry.password)");
        }
        Matcher group = GROUP_IN_PATH.matcher(request.uri().getRawPath());
        return new MeshException("Registry user " + user + " may not " + request.method() + " "
                + request.uri().getPath() + (group.find() ? ": only the owner of group " + group.group(1)
                + " (the domain " + group.group(1) + ") registers schemas there" : ": not allowed by its registry role"));
    }

    private static void expectOk(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw unexpected(what, response);
        }
    }

    private static MeshException unexpected(String what, HttpResponse<String> response) {
        JsonNode problem = parseQuietly(response.body());
        String reason = problem != null && problem.hasNonNull("title") ? problem.get("title").asText()
                : truncate(response.body());
        String hint = response.statusCode() == 401 || response.statusCode() == 403
                ? " (check registry.username and registry.password)" : "";
        return new MeshException("The registry could not " + what + ": HTTP " + response.statusCode() + " " + reason
                + hint);
    }

    private static JsonNode parse(HttpResponse<String> response) {
        JsonNode node = parseQuietly(response.body());
        if (node == null) {
            throw new MeshException("The registry answered " + response.request().uri() + " with something that is "
                    + "not JSON: " + truncate(response.body()));
        }
        return node;
    }

    private static JsonNode parseQuietly(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String truncate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
