package dev.meshbone.catalog.web;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.catalog.MemoryCatalog;
import dev.meshbone.catalog.ProjectedCatalog;
import dev.meshbone.catalog.api.ProductFilter;
import dev.meshbone.catalog.api.ProductQuery;
import dev.meshbone.contract.Fuzz;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.ViolationCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the catalog API's query strings on every GET endpoint, one server for the class: random keys and values,
 * percent-encoding garbage ({@code %zz}, {@code %C3%28}, a lone {@code %}), huge values, repeated keys, sent as raw
 * HTTP so that nothing is cleaned up on the way. The answer is never a 5xx; every 4xx is the API's JSON error with a
 * message; {@code /api/products} answers 400 for a filter or page parameter with a bad value, an unknown or repeated
 * parameter, and garbage encoding, 200 otherwise; the other endpoints ignore the query. Tries: see {@link Fuzz}.
 */
@AddLifecycleHook(Fuzz.class)
class CatalogHttpFuzzTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Jetty's default request header budget (8 KB) holds the request line: huge values stay under it here. */
    private static final int MAX_TARGET = 7_000;
    /** The endpoints and what each answers without a query. */
    private static final Map<String, Integer> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("/api/products", 200);
        ENDPOINTS.put("/api/products/sales.orders", 200);
        ENDPOINTS.put("/api/products/sales.nothing", 404);
        ENDPOINTS.put("/api/products/sales.orders/violations", 200);
        ENDPOINTS.put("/api/products/sales.nothing/violations", 404);
        ENDPOINTS.put("/api/domains", 200);
        ENDPOINTS.put("/api/stream", 200);
        ENDPOINTS.put("/health", 200);
        ENDPOINTS.put("/metrics", 200);
        ENDPOINTS.put("/", 200);
    }

    private static CatalogHttpServer server;
    private static MemoryCatalog catalog;

    @BeforeContainer
    static void start() {
        Map<String, CatalogEntry> entries = ProjectedCatalog.of(NOW, facts -> facts
                .announce(descriptor("sales", "orders", 1).build())
                .announce(descriptor("sales", "returns", 1).setTitle("Returns").setStatus(ProductStatus.DEPRECATED)
                        .build())
                .stats(stats("sales.orders", NOW.minusSeconds(60), 10, 1, 0, NOW.minusSeconds(30)))
                .violation(violation("sales.orders", ViolationCode.RULE_FAILED, "rule positive-total failed", NOW))
                .violation(violation("ghost.items", ViolationCode.UNKNOWN_PRODUCT, "no descriptor", NOW)));
        catalog = new MemoryCatalog(Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC), entries);
        server = catalog.serve(List.of());
    }

    @AfterContainer
    static void stop() {
        catalog.close();
    }

    // ---------------------------------------------------------------------------------------------- properties

    @Property(tries = 500)
    void shouldFilterProductsOrRefuseTheQueryWith400(@ForAll("queries") List<Param> query) throws Exception {
        String target = "/api/products?" + raw(query);
        Response response = get(target);

        assertErrorShape(target, response);
        Expected expected = expected(query);
        assertThat(response.status()).as("%s: %s", target, response.body()).isEqualTo(expected.status());
        if (expected.status() == 200) {
            assertThat(json(target, response).has("products")).as(target).isTrue();
        } else if (expected.badFilter() != null) {
            // Only a known filter's value is wrong: the message names it and quotes the value.
            assertThat(json(target, response).get("message").asText()).as(target)
                    .startsWith(expected.badFilter() + " must be");
        }
    }

    @Property(tries = 200)
    void shouldIgnoreAnyQueryOnTheOtherEndpoints(@ForAll("otherEndpoints") String endpoint,
                                                 @ForAll("queries") List<Param> query) throws Exception {
        String target = endpoint + "?" + raw(query);
        Response response = get(target);

        assertErrorShape(target, response);
        if (endpoint.equals("/") && query.stream().anyMatch(p -> p.raw().contains("%"))) {
            // Javalin's static-file handler serves nothing for a page URL whose query holds any escape: the API's
            // JSON 404 (not a bug of the catalog; the page itself never has a query).
            assertThat(response.status()).as("%s: %s", target, response.body()).isIn(200, 404);
        } else {
            assertThat(response.status()).as("%s: %s", target, response.body()).isEqualTo(ENDPOINTS.get(endpoint));
        }
    }

    /** Over Jetty's 8 KB budget for the request line and headers: refused by Jetty itself, in the API's JSON. */
    @Property(tries = 50)
    void shouldRefuseOverlongRequestsWithTheApiError(@ForAll("anyEndpoint") String endpoint,
                                                     @ForAll("overlong") String value) throws Exception {
        String target = endpoint + "?domain=" + value;
        Response response = get(target);

        assertErrorShape(target, response);
        assertThat(response.status()).as(target).isEqualTo(414);
    }

    @Provide
    Arbitrary<String> anyEndpoint() {
        return Arbitraries.of(List.copyOf(ENDPOINTS.keySet()));
    }

    @Provide
    Arbitrary<String> overlong() {
        return Combinators.combine(Arbitraries.of("x", "%zz", "%C3%A9", "a%20b", "%"),
                Arbitraries.integers().between(9_000, 60_000)).as((piece, n) -> piece.repeat(n / piece.length()));
    }

    /** Never a 5xx; every 4xx (Javalin's, or Jetty's own) is {"status": <the code>, "message": "..."}. */
    private static void assertErrorShape(String target, Response response) {
        assertThat(response.status()).as("%s: %s", target, response.body()).isBetween(200, 499);
        if (response.status() >= 400) {
            JsonNode error = json(target, response);
            assertThat(error.path("status").asInt()).as(target).isEqualTo(response.status());
            assertThat(error.path("message").asText()).as(target).isNotBlank();
        }
    }

    private static JsonNode json(String target, Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(target + " answered " + response.status() + " with no JSON: " + response.body());
        }
    }

    // ------------------------------------------------------------------------------------------------ the oracle

    /**
     * One query parameter as it goes on the wire ({@code key}, and {@code value} unless null: the text after
     * {@code =}), and what it is meant to be.
     */
    record Param(String key, String value) {
        String raw() {
            return value == null ? key : key + "=" + value;
        }
    }

    record Expected(int status, String badFilter) {
    }

    /** Every parameter {@code /api/products} takes: the filters and the paging. */
    private static final Set<String> PARAMETERS = Stream.concat(ProductFilter.PARAMETERS.stream(),
            ProductQuery.PAGING.stream()).collect(Collectors.toUnmodifiableSet());

    private static final Set<String> ENUM_VALUES = Set.of("ACTIVE", "DEPRECATED", "RETIRED", "UNREGISTERED");

    /**
     * What {@code /api/products} answers, from the filters as the README documents them: 400 for encoding the URL
     * decoder refuses, an unknown filter, one given twice, a bad {@code status}, {@code pii} or {@code slo}.
     */
    private static Expected expected(List<Param> query) {
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        for (Param p : query) {
            String key = decode(p.key());
            String value = p.value() == null ? "" : decode(p.value());
            if (key == null || value == null) {
                return new Expected(400, null);
            }
            decoded.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        for (Map.Entry<String, List<String>> e : decoded.entrySet()) {
            if (!PARAMETERS.contains(e.getKey()) || e.getValue().size() > 1) {
                return new Expected(400, null);
            }
        }
        for (String filter : List.of("status", "pii", "slo")) {
            // Blank (whitespace) is no filter; otherwise trimmed, so "%00" (trim strips controls too) is ''.
            String raw = decoded.containsKey(filter) ? decoded.get(filter).get(0) : "";
            String value = raw.trim();
            boolean ok = raw.isBlank() || switch (filter) {
                case "status" -> ENUM_VALUES.contains(value.toUpperCase(Locale.ROOT));
                case "pii" -> Set.of("true", "false").contains(value.toLowerCase(Locale.ROOT));
                default -> Set.of("breached", "ok").contains(value.toLowerCase(Locale.ROOT));
            };
            if (!ok) {
                return new Expected(400, filter);
            }
        }
        for (String paging : List.of("offset", "limit")) { // the order ProductQuery checks them in
            // As the filters: blank (whitespace) is the default; otherwise trimmed (controls too, so "%00" is '').
            String raw = decoded.containsKey(paging) ? decoded.get(paging).get(0) : "";
            String value = raw.trim();
            long min = paging.equals("limit") ? 1 : 0;
            long max = paging.equals("limit") ? ProductQuery.MAX_LIMIT : Integer.MAX_VALUE;
            if (!raw.isBlank() && !(value.matches("[0-9]{1,10}") && Long.parseLong(value) >= min
                    && Long.parseLong(value) <= max)) {
                return new Expected(400, paging);
            }
        }
        return new Expected(200, null);
    }

    /** The parameter as a URL decoder reads it, or null when it refuses the encoding. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // -------------------------------------------------------------------------------------------- the generators

    @Provide
    Arbitrary<String> otherEndpoints() {
        return Arbitraries.of(ENDPOINTS.keySet().stream().filter(e -> !e.equals("/api/products")).toList());
    }

    @Provide
    Arbitrary<List<Param>> queries() {
        return param().list().ofMaxSize(6).filter(q -> raw(q).length() < MAX_TARGET);
    }

    private static Arbitrary<Param> param() {
        Arbitrary<String> knownKey = Arbitraries.of(PARAMETERS.stream().sorted().toList());
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, knownKey.map(CatalogHttpFuzzTest::encode)),
                // A known key spelled with escapes (%73tatus is status), or in another case (an unknown filter).
                Tuple.of(1, knownKey.map(CatalogHttpFuzzTest::encodeAll)),
                Tuple.of(1, knownKey.map(k -> encode(k.toUpperCase(Locale.ROOT)))),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(12).map(CatalogHttpFuzzTest::encode)),
                Tuple.of(2, garbage()));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("ACTIVE", "deprecated", " Retired ", "unregistered", "true", "FALSE",
                        "breached", "Ok", "sales", "crm", "orders", "", " ", "web shop", "alive", "maybe", "red",
                        "yes", "1", "null", "ACTIVE,RETIRED", "tru", "breached ok", "0", "100", " 1000",
                        "1001", "-1", "2147483647", "2147483648", "99999999999", "1e3", "+5").map(CatalogHttpFuzzTest::encode)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(16).map(CatalogHttpFuzzTest::encode)),
                Tuple.of(2, garbage()),
                // Huge, but the request line stays under Jetty's header budget.
                Tuple.of(1, Arbitraries.integers().between(500, 3_000).map(n -> encode("x".repeat(n)))),
                Tuple.of(1, Arbitraries.integers().between(100, 600).map(n -> "%C3%A9".repeat(n))));
        return Arbitraries.frequencyOf(
                        Tuple.of(8, Combinators.combine(key, value).as(Param::new)),
                        Tuple.of(1, key.map(k -> new Param(k, null))), // a key with no '='
                        Tuple.of(1, value.map(v -> new Param("", v)))) // a value with no key
                // An empty segment ("a=1&&b=2") is no parameter at all to Javalin: not generated.
                .filter(p -> !p.raw().isEmpty());
    }

    /** Raw text a URL decoder must refuse or repair: bad escapes, cut ones, invalid UTF-8, '=' and '+'. */
    private static Arbitrary<String> garbage() {
        Arbitrary<String> piece = Arbitraries.of("%zz", "%", "%4", "%G1", "%%", "%-1", "%C3%28", "%FF", "%80",
                "%ED%A0%80", "%F4%90%80%80", "%00", "%0A", "%0D%0A", "+", "%2B", "=", "==", "%3D", "a", "%20",
                "%E2%82", "%C0%AF", "%u0041", "%25", "%2525zz");
        return piece.list().ofMinSize(1).ofMaxSize(5).map(p -> String.join("", p));
    }

    /** Percent-encodes every byte of the UTF-8 but unreserved characters, so that it decodes to {@code text}. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static String encodeAll(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    private static String raw(List<Param> query) {
        return String.join("&", query.stream().map(Param::raw).toList());
    }

    // ------------------------------------------------------------------------------------------- a raw client

    record Response(int status, String body) {
    }

    /**
     * GET over a plain socket: the request target goes out byte for byte (an HTTP client would refuse or re-encode
     * {@code %zz}). HTTP/1.0, so the answer ends with the connection and is never chunked; the live stream never ends,
     * so for it only the status line is read.
     */
    static Response get(String target) throws Exception {
        return Fuzz.within(BOUND, "GET " + target, () -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout((int) BOUND.toMillis());
                OutputStream out = socket.getOutputStream();
                try {
                    out.write(("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (SocketException e) {
                    // Jetty answers an overlong request and closes before it has read all of it: the answer is
                    // still there to be read.
                }
                InputStream in = socket.getInputStream();
                boolean stream = target.startsWith("/api/stream");
                byte[] answer = stream ? head(in) : in.readAllBytes();
                if (stream && !new String(answer, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200")) {
                    // A refusal ends: read its body too.
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    all.writeBytes(answer);
                    all.writeBytes(in.readAllBytes());
                    answer = all.toByteArray();
                }
                String text = new String(answer, StandardCharsets.UTF_8);
                int headEnd = text.indexOf("\r\n\r\n");
                String statusLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
                String[] parts = statusLine.split(" ");
                if (parts.length < 2) {
                    throw new AssertionError("no HTTP answer to " + target + ": " + text);
                }
                return new Response(Integer.parseInt(parts[1]), headEnd < 0 ? "" : text.substring(headEnd + 4));
            }
        });
    }

    /** Up to the end of the headers. */
    private static byte[] head(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        int state = 0;
        while (state < 4 && (b = in.read()) >= 0) {
            out.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : b == '\r' ? 1 : 0;
        }
        return out.toByteArray();
    }
}
