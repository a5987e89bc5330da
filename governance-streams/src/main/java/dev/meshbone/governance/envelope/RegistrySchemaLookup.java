package dev.meshbone.governance.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks schemas up in Apicurio Registry v3 by global id ({@code /ids/globalIds/{id}} for the content,
 * {@code /search/versions?globalId=} for the artifact), caching both answers for good: a global id names one
 * immutable version. Unknown ids are remembered for a minute. An unreachable registry is retried with exponential
 * back-off up to a budget, then reported as {@link RegistryUnavailableException}.
 */
public final class RegistrySchemaLookup implements SchemaLookup {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistrySchemaLookup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long UNKNOWN_TTL_NANOS = Duration.ofMinutes(1).toNanos();

    private final String apiUrl;
    private final Duration retryBudget;
    private final HttpClient http;
    private final Map<Long, ResolvedSchema> known = new ConcurrentHashMap<>();
    private final Map<Long, Long> unknownSince = new ConcurrentHashMap<>();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicLong remoteCalls = new AtomicLong();
    private final Optional<String> authorization;

    /**
     * @param apiUrl        the registry's v3 API URL
     * @param authorization the basic-auth header of governance's read-only registry user, if it has one
     * @param retryBudget   how long one lookup retries an unreachable registry
     */
    public RegistrySchemaLookup(String apiUrl, Optional<String> authorization, Duration retryBudget) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
        this.authorization = authorization;
        this.retryBudget = retryBudget;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    public Optional<ResolvedSchema> byGlobalId(long globalId) {
        ResolvedSchema cached = known.get(globalId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Long since = unknownSince.get(globalId);
        if (since != null && System.nanoTime() - since < UNKNOWN_TTL_NANOS) {
            return Optional.empty();
        }
        Optional<ResolvedSchema> resolved = withRetries(globalId);
        resolved.ifPresentOrElse(s -> known.put(globalId, s), () -> unknownSince.put(globalId, System.nanoTime()));
        return resolved;
    }

    @Override
    public boolean healthy() {
        return healthy.get();
    }

    /** Remote calls made so far: flat after warm-up. */
    public long remoteCalls() {
        return remoteCalls.get();
    }

    private Optional<ResolvedSchema> withRetries(long globalId) {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        long backoffMs = 100;
        while (true) {
            try {
                Optional<ResolvedSchema> result = fetch(globalId);
                if (healthy.compareAndSet(false, true)) {
                    LOGGER.info("Registry {} reachable again", apiUrl);
                }
                return result;
            } catch (IOException e) {
                if (healthy.compareAndSet(true, false)) {
                    LOGGER.warn("Registry {} unreachable ({}); retrying with back-off", apiUrl, e.toString());
                }
                if (System.nanoTime() + backoffMs * 1_000_000 > deadline) {
                    throw new RegistryUnavailableException("registry " + apiUrl + " unreachable for "
                            + retryBudget.toSeconds() + " s while looking up global id " + globalId, e);
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private Optional<ResolvedSchema> fetch(long globalId) throws IOException {
        HttpResponse<String> content = get("/ids/globalIds/" + globalId);
        if (content.statusCode() == 404) {
            return Optional.empty();
        }
        expectOk(content, "schema content");
        HttpResponse<String> search = get("/search/versions?globalId=" + globalId);
        expectOk(search, "artifact version");
        JsonNode versions = JSON.readTree(search.body()).path("versions");
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        JsonNode v = versions.get(0);
        Schema schema;
        try {
            schema = new Schema.Parser().parse(content.body());
        } catch (RuntimeException e) {
            // Not an Avro schema (another artifact type): for governance that is an unknown schema.
            return Optional.empty();
        }
        return Optional.of(ResolvedSchema.of(globalId, v.path("groupId").asText("default"),
                v.path("artifactId").asText(), v.path("version").asText(), schema));
    }

    private HttpResponse<String> get(String path) throws IOException {
        remoteCalls.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(5));
        authorization.ifPresent(header -> request.header("Authorization", header));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void expectOk(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() >= 500) {
            throw new IOException("registry answered " + response.statusCode() + " for the " + what);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("registry answered " + response.statusCode() + " for the " + what + ": "
                    + response.body());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting for the registry", e);
        }
    }
}
