package dev.meshbone.governance.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks schemas up in Apicurio Registry v3 by global id ({@code /ids/globalIds/{id}} for the content,
 * {@code /search/versions?globalId=} for the artifact), caching both answers for good: a global id names one
 * immutable version. Unknown ids (a 404 on the content, or an artifact that is not Avro) are remembered for a minute.
 * Every other failure is a {@link RegistryFault} of governance's side, never the record's: retried with exponential
 * back-off (a 429's {@code Retry-After} honoured) up to a budget, then reported as
 * {@link RegistryUnavailableException}. Thread-safe.
 */
public final class RegistrySchemaLookup implements SchemaLookup {

    private static final Logger LOGGER = LoggerFactory.getLogger(RegistrySchemaLookup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long UNKNOWN_TTL_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int BODY_LIMIT = 200;

    private record Remembered(SchemaAnswer.Unknown answer, long since) {
    }

    /** One failed call: what went wrong, and how long the registry asked us to wait (429). */
    private static final class Failure extends Exception {
        final RegistryFault fault;
        final Optional<Duration> retryAfter;

        Failure(RegistryFault fault, String message, Optional<Duration> retryAfter, Throwable cause) {
            super(message, cause, false, false);
            this.fault = fault;
            this.retryAfter = retryAfter;
        }
    }

    private final String apiUrl;
    private final String username;
    private final Optional<String> authorization;
    private final Duration retryBudget;
    private final HttpClient http;
    private final Map<Long, SchemaAnswer.Known> known = new ConcurrentHashMap<>();
    private final Map<Long, Remembered> unknown = new ConcurrentHashMap<>();
    /** The fault of the last call, null after a successful one: what /health and the log lines say. */
    private final AtomicReference<RegistryFault> failing = new AtomicReference<>();
    private final Map<RegistryFault, LongAdder> faults = new EnumMap<>(RegistryFault.class);
    private final AtomicLong remoteCalls = new AtomicLong();

    /**
     * @param apiUrl        the registry's v3 API URL
     * @param username      governance's registry user, empty for none (named in the messages of a 401 or 403)
     * @param authorization the basic-auth header of that read-only user, if it has one
     * @param retryBudget   how long one lookup retries before it gives up with {@link RegistryUnavailableException}
     */
    public RegistrySchemaLookup(String apiUrl, String username, Optional<String> authorization, Duration retryBudget) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
        this.username = username;
        this.authorization = authorization;
        this.retryBudget = retryBudget;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (RegistryFault fault : RegistryFault.values()) {
            faults.put(fault, new LongAdder());
        }
    }

    @Override
    public SchemaAnswer byGlobalId(long globalId) {
        SchemaAnswer.Known cached = known.get(globalId);
        if (cached != null) {
            return cached;
        }
        Remembered remembered = unknown.get(globalId);
        if (remembered != null && System.nanoTime() - remembered.since() < UNKNOWN_TTL_NANOS) {
            return remembered.answer();
        }
        SchemaAnswer answer = withRetries(globalId);
        if (answer instanceof SchemaAnswer.Known k) {
            known.put(globalId, k);
        } else {
            unknown.put(globalId, new Remembered((SchemaAnswer.Unknown) answer, System.nanoTime()));
        }
        return answer;
    }

    @Override
    public boolean healthy() {
        return failing.get() == null;
    }

    /** Remote calls made so far: flat after warm-up. */
    public long remoteCalls() {
        return remoteCalls.get();
    }

    /** Failed calls so far with this fault (each retry counts). */
    public long faults(RegistryFault fault) {
        return faults.get(fault).sum();
    }

    private SchemaAnswer withRetries(long globalId) {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        long backoffMs = 100;
        while (true) {
            try {
                SchemaAnswer answer = fetch(globalId);
                if (failing.getAndSet(null) != null) {
                    LOGGER.info("Registry {} answers again", apiUrl);
                }
                return answer;
            } catch (Failure f) {
                faults.get(f.fault).increment();
                if (failing.getAndSet(f.fault) != f.fault) {
                    // One line per change of fault, not one per retry or per record.
                    LOGGER.warn("{}; retrying with back-off for up to {} ms, records wait (nothing is quarantined)",
                            f.getMessage(), retryBudget.toMillis());
                }
                long waitMs = f.retryAfter.map(Duration::toMillis).orElse(backoffMs);
                if (System.nanoTime() + waitMs * 1_000_000 > deadline) {
                    throw new RegistryUnavailableException(f.fault, f.getMessage() + " (gave up after "
                            + retryBudget.toMillis() + " ms of retries)", f.getCause());
                }
                sleep(waitMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private SchemaAnswer fetch(long globalId) throws Failure {
        String what = "the schema content of global id " + globalId;
        HttpResponse<String> content = get("/ids/globalIds/" + globalId, what);
        if (content.statusCode() == 404) {
            return SchemaAnswer.Unknown.NOT_FOUND;
        }
        expectOk(content, what);
        what = "the artifact version of global id " + globalId;
        HttpResponse<String> search = get("/search/versions?globalId=" + globalId, what);
        expectOk(search, what);
        JsonNode versions;
        try {
            versions = JSON.readTree(search.body()).path("versions");
        } catch (IOException e) {
            throw new Failure(RegistryFault.SERVER_ERROR, "registry " + apiUrl + ": 200 for " + what
                    + " with a body that is not JSON: " + truncated(search.body()), Optional.empty(), e);
        }
        if (versions.isEmpty()) {
            return SchemaAnswer.Unknown.NOT_FOUND;
        }
        JsonNode v = versions.get(0);
        String groupId = v.path("groupId").asText("default");
        String artifactId = v.path("artifactId").asText();
        String version = v.path("version").asText();
        try {
            return new SchemaAnswer.Known(ResolvedSchema.of(globalId, groupId, artifactId, version,
                    new Schema.Parser().parse(content.body())));
        } catch (RuntimeException e) {
            String type = v.path("artifactType").asText("");
            return new SchemaAnswer.Unknown("which is " + groupId + "/" + artifactId + " version " + version
                    + " in the registry, "
                    + (type.isEmpty() ? "an artifact" : "a " + type + " artifact") + " that is not an Avro schema");
        }
    }

    private HttpResponse<String> get(String path, String what) throws Failure {
        remoteCalls.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(5));
        authorization.ifPresent(header -> request.header("Authorization", header));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(RegistryFault.UNREACHABLE, "registry " + apiUrl + " unreachable while reading " + what
                    + ": " + e, Optional.empty(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting for the registry", e);
        }
    }

    private void expectOk(HttpResponse<String> response, String what) throws Failure {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        String answered = "registry " + apiUrl + ": " + status;
        String user = username.isEmpty() ? "" : " '" + username + "'";
        throw switch (status) {
            case 401 -> new Failure(RegistryFault.UNAUTHORIZED, answered + " Unauthorized for " + what + ": "
                    + (username.isEmpty() ? "governance sent no registry credentials (registry.username is empty) "
                    + "and the registry requires them" : "governance's registry credentials (registry.username="
                    + username + ") were refused"), Optional.empty(), null);
            case 403 -> new Failure(RegistryFault.FORBIDDEN, answered + " Forbidden for " + what + ": the registry "
                    + "user" + user + " may not read it; grant governance's user read access to every domain's "
                    + "artifacts", Optional.empty(), null);
            case 429 -> {
                Optional<Duration> retryAfter = retryAfter(response);
                yield new Failure(RegistryFault.THROTTLED, answered + " Too Many Requests for " + what + ": the "
                        + "registry throttles governance" + retryAfter.map(d -> " and asks it to wait "
                        + d.toSeconds() + " s").orElse(""), retryAfter, null);
            }
            default -> new Failure(status >= 500 ? RegistryFault.SERVER_ERROR : RegistryFault.REFUSED,
                    answered + " for " + what + ": " + truncated(response.body()), Optional.empty(), null);
        };
    }

    /** {@code Retry-After} in seconds; the HTTP-date form is not used by registries, so it is ignored. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(String::trim).map(Long::parseLong)
                    .filter(s -> s >= 0).map(Duration::ofSeconds);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String truncated(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return line.length() <= BODY_LIMIT ? line : line.substring(0, BODY_LIMIT) + "...";
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
