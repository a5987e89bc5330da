package dev.meshbone.catalog.web;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.grant;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshbone.catalog.MemoryCatalog;
import dev.meshbone.catalog.ProjectedCatalog;
import dev.meshbone.catalog.TestHttp;
import dev.meshbone.catalog.api.ProductViews;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.Owner;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.schemas.BundledSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API over a catalog held in memory: routes, filters, errors, CORS, health, metrics and the live stream. */
class CatalogHttpServerTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static Map<String, CatalogEntry> projected;

    private MemoryCatalog catalog;

    @BeforeAll
    static void projectCatalog() {
        projected = ProjectedCatalog.of(NOW, facts -> facts
                .announce(descriptor("sales", "orders", 1).build())
                .announce(descriptor("sales", "returns", 1).setTitle("Returns").setStatus(ProductStatus.DEPRECATED)
                        .setTags(List.of("refunds")).build())
                .announce(descriptor("customers", "profiles", 1).setTitle("Customer profiles")
                        .setOwner(new Owner("crm", "crm@example.com"))
                        .setContractSchema(BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES).toString()).build())
                .announce(descriptor("logistics", "depots", 1).setTitle("Depots")
                        .setContractSchema("{\"type\":\"record\",\"name\":\"Depot\",\"fields\":[{\"name\":\"code\","
                                + "\"type\":\"string\",\"pii\":\"NONE\",\"pii.allow\":[\"PAYMENT_CARD\"]}]}")
                        .setSlo(ServiceLevelObjectives.newBuilder().setMaxViolationRate(0.01).build()).build())
                .stats(stats("logistics.depots", NOW.minusSeconds(60), 10, 10, 0, NOW.minusSeconds(30)))
                .violation(violation("ghost.items", ViolationCode.UNKNOWN_PRODUCT, "no descriptor for ghost.items", NOW))
                .violation(violation("sales.orders", ViolationCode.RULE_FAILED, "rule positive-total failed", NOW))
                .grant(grant("sales.orders", "analytics", NOW.minusSeconds(3600))));
    }

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    private String start(List<String> corsOrigins) {
        if (catalog == null) {
            catalog = new MemoryCatalog(Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC), projected);
        }
        return "http://127.0.0.1:" + catalog.serve(corsOrigins).port();
    }

    private String start() {
        return start(List.of());
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("products").spliterator(), false).map(p -> p.get("id").asText()).toList();
    }

    @Test
    void shouldListEveryProductOrderedByIdWithSummaries() {
        // Given
        String base = start();

        // When
        TestHttp.Response response = TestHttp.get(base + "/api/products");

        // Then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode list = response.json();
        assertThat(list.get("total").asInt()).isEqualTo(5);
        assertThat(list.get("count").asInt()).isEqualTo(5);
        assertThat(list.get("offset").asInt()).isZero();
        assertThat(list.get("limit").asInt()).isEqualTo(100);
        assertThat(ids(list)).containsExactly("customers.profiles", "ghost.items", "logistics.depots", "sales.orders",
                "sales.returns");
        JsonNode orders = list.get("products").get(3);
        assertThat(orders.get("owner").asText()).isEqualTo("sales-platform");
        assertThat(orders.get("pii").asBoolean()).isTrue();
        assertThat(orders.get("publicTopic").asText()).isEqualTo("sales.orders.v1");
        assertThat(orders.get("slo").get("state").asText()).isEqualTo("OK");
    }

    @Test
    void shouldPageTheMatchesWithTheirTotal() {
        // Given
        String base = start();

        // When
        JsonNode second = TestHttp.get(base + "/api/products?limit=2&offset=2").json();
        JsonNode last = TestHttp.get(base + "/api/products?limit=2&offset=4").json();
        JsonNode beyond = TestHttp.get(base + "/api/products?limit=2&offset=9").json();
        JsonNode filtered = TestHttp.get(base + "/api/products?pii=true&limit=1&offset=1").json();

        // Then
        assertThat(ids(second)).containsExactly("logistics.depots", "sales.orders");
        assertThat(second.get("total").asInt()).isEqualTo(5);
        assertThat(second.get("count").asInt()).isEqualTo(2);
        assertThat(ids(last)).containsExactly("sales.returns");
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.get("total").asInt()).isEqualTo(5);
        assertThat(ids(filtered)).containsExactly("sales.orders");
        assertThat(filtered.get("total").asInt()).isEqualTo(3);
    }

    @Test
    void shouldFilterByDomainOwnerTagStatusPiiSloAndFullText() {
        // Given
        String base = start();

        // When / Then
        assertThat(ids(TestHttp.get(base + "/api/products?domain=sales").json()))
                .containsExactly("sales.orders", "sales.returns");
        assertThat(ids(TestHttp.get(base + "/api/products?owner=crm").json())).containsExactly("customers.profiles");
        assertThat(ids(TestHttp.get(base + "/api/products?tag=refunds").json())).containsExactly("sales.returns");
        assertThat(ids(TestHttp.get(base + "/api/products?status=deprecated").json())).containsExactly("sales.returns");
        assertThat(ids(TestHttp.get(base + "/api/products?status=UNREGISTERED").json())).containsExactly("ghost.items");
        assertThat(ids(TestHttp.get(base + "/api/products?pii=false").json()))
                .containsExactly("ghost.items", "logistics.depots");
        assertThat(ids(TestHttp.get(base + "/api/products?slo=breached").json())).containsExactly("logistics.depots");
        assertThat(ids(TestHttp.get(base + "/api/products?q=loyaltyTier").json())).containsExactly("customers.profiles");
        assertThat(ids(TestHttp.get(base + "/api/products?q=sales+web+shop&domain=sales&pii=true").json()))
                .containsExactly("sales.orders", "sales.returns");
    }

    @Test
    void shouldAnswer400WithMessageForBadFilter() {
        // Given
        String base = start();

        // When
        TestHttp.Response unknown = TestHttp.get(base + "/api/products?colour=red");
        TestHttp.Response badStatus = TestHttp.get(base + "/api/products?status=ALIVE");
        TestHttp.Response badPii = TestHttp.get(base + "/api/products?pii=maybe");
        TestHttp.Response badSlo = TestHttp.get(base + "/api/products?slo=red");
        TestHttp.Response badLimit = TestHttp.get(base + "/api/products?limit=5000");

        // Then
        assertThat(List.of(unknown, badStatus, badPii, badSlo, badLimit)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("status").asInt()).isEqualTo(400);
        });
        assertThat(unknown.json().get("message").asText()).contains("unknown parameter 'colour'");
        assertThat(badStatus.json().get("message").asText()).contains("status must be one of").contains("ALIVE");
        assertThat(badPii.json().get("message").asText()).isEqualTo("pii must be true or false, not 'maybe'");
        assertThat(badSlo.json().get("message").asText()).isEqualTo("slo must be breached or ok, not 'red'");
        assertThat(badLimit.json().get("message").asText())
                .isEqualTo("limit must be a whole number from 1 to 1000, not '5000'");
    }

    @Test
    void shouldAnswer404WithMessageForUnknownProductAndRoute() {
        // Given
        String base = start();

        // When
        TestHttp.Response product = TestHttp.get(base + "/api/products/sales.nothing");
        TestHttp.Response violations = TestHttp.get(base + "/api/products/sales.nothing/violations");
        TestHttp.Response route = TestHttp.get(base + "/api/nothing");

        // Then
        assertThat(product.status()).isEqualTo(404);
        assertThat(product.json().get("message").asText()).isEqualTo("no product 'sales.nothing' in the catalog");
        assertThat(violations.status()).isEqualTo(404);
        assertThat(route.status()).isEqualTo(404);
        assertThat(route.json().get("message").asText()).contains("/api/nothing");
    }

    @Test
    void shouldServeOneProductItsViolationsAndTheDomains() {
        // Given
        String base = start();

        // When
        JsonNode orders = TestHttp.get(base + "/api/products/sales.orders").json();
        JsonNode violations = TestHttp.get(base + "/api/products/sales.orders/violations").json();
        JsonNode domains = TestHttp.get(base + "/api/domains").json();
        JsonNode depots = TestHttp.get(base + "/api/products/logistics.depots").json();

        // Then
        assertThat(orders.get("schema").get("fields").findValuesAsText("path")).contains("customerEmail", "items[].sku");
        assertThat(orders.get("schema").get("fields").get(2).get("pii").asText()).isEqualTo("EMAIL");
        assertThat(orders.get("schema").get("fields").get(2).get("protection").asText()).isEqualTo("ENCRYPT");
        assertThat(orders.get("rules").get(0).get("expression").asText()).isEqualTo("record.total >= 0.0");
        assertThat(violations.get("count").asInt()).isEqualTo(1);
        assertThat(violations.get("violations").get(0).get("code").asText()).isEqualTo("RULE_FAILED");
        assertThat(domains.get("count").asInt()).isEqualTo(4);
        assertThat(domains.get("domains").get(3).get("domain").asText()).isEqualTo("sales");
        assertThat(domains.get("domains").get(3).get("products").asInt()).isEqualTo(2);
        assertThat(depots.get("slo").get("violationRate").get("state").asText()).isEqualTo("BREACHED");
        assertThat(depots.get("slo").get("violationRate").get("lastHour").asDouble()).isEqualTo(0.5);
        assertThat(depots.get("slo").get("freshness").get("millisSinceLastAccepted").asLong()).isEqualTo(35_000);
        assertThat(depots.get("access")).isEmpty();
    }

    @Test
    void shouldShowTheExceptionsToTheContentScanAndHowLongTheQuarantineKeepsRecords() {
        // Given depot codes that pass the card check, declared so ("pii.allow": ["PAYMENT_CARD"])
        String base = start();

        // When
        JsonNode depots = TestHttp.get(base + "/api/products/logistics.depots").json();
        JsonNode orders = TestHttp.get(base + "/api/products/sales.orders").json();
        JsonNode list = TestHttp.get(base + "/api/products").json();

        // Then
        JsonNode code = depots.get("schema").get("fields").get(0);
        assertThat(code.get("path").asText()).isEqualTo("code");
        assertThat(code.get("pii").isNull()).isTrue();
        assertThat(code.get("allowed")).extracting(JsonNode::asText).containsExactly("PAYMENT_CARD");
        assertThat(orders.get("schema").get("fields")).allSatisfy(f -> assertThat(f.get("allowed")).isEmpty());
        assertThat(depots.get("quarantine").get("topic").asText()).isEqualTo("mesh.governance.quarantine");
        assertThat(depots.get("quarantine").get("retentionMillis").asLong()).isEqualTo(604_800_000L);
        assertThat(list.get("products").get(0).has("quarantine")).isFalse();
    }

    @Test
    void shouldShowWhoHasAccessToAProduct() {
        // Given
        String base = start();

        // When
        JsonNode access = TestHttp.get(base + "/api/products/sales.orders").json().get("access");

        // Then
        assertThat(access).hasSize(1);
        assertThat(access.get(0).get("team").asText()).isEqualTo("analytics");
        assertThat(access.get(0).get("grantedBy").asText()).isEqualTo("admin");
        assertThat(access.get(0).get("grantedAt").asText()).isEqualTo("2026-03-02T09:00:00Z");
    }

    @Test
    void shouldAnswer503WhileTheCatalogIsNotReadable() {
        // Given
        String base = start();
        catalog.unreadable("Kafka Streams is REBALANCING");

        // When
        TestHttp.Response list = TestHttp.get(base + "/api/products");
        TestHttp.Response health = TestHttp.get(base + "/health");

        // Then
        assertThat(list.status()).isEqualTo(503);
        assertThat(list.json().get("message").asText()).contains("REBALANCING");
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void shouldReportHealthAndPrometheusMetrics() {
        // Given
        String base = start();
        TestHttp.get(base + "/api/products/sales.orders");

        // When
        TestHttp.Response health = TestHttp.get(base + "/health");
        TestHttp.Response metrics = TestHttp.get(base + "/metrics");

        // Then
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("products").asLong()).isEqualTo(5);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\","
                + "uri=\"/api/products/{id}\"}").contains("catalog_sse_clients");
    }

    @Test
    void shouldSendNoCorsHeadersUnlessOriginsAreConfigured() {
        // Given
        String closed = start();
        String open = start(List.of("https://portal.example.com"));

        // When
        TestHttp.Response byDefault = TestHttp.get(closed + "/api/products", "https://portal.example.com");
        TestHttp.Response allowed = TestHttp.get(open + "/api/products", "https://portal.example.com");

        // Then
        assertThat(byDefault.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://portal.example.com");
    }

    @Test
    void shouldServeTheWebPage() {
        // Given
        String base = start();

        // When
        TestHttp.Response page = TestHttp.get(base + "/");
        TestHttp.Response script = TestHttp.get(base + "/app.js");

        // Then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Meshbone · Data product catalog</title>");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("new EventSource('/api/stream')");
    }

    @Test
    void shouldStreamCatalogChangesAsServerSentEvents() {
        // Given: a client on the live stream
        String base = start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        HttpClient client = HttpClient.newHttpClient();
        client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/stream"))
                        .header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.live().clients() == 1);

        // When
        catalog.live().changed(ProductViews.detail(projected.get("sales.orders"), NOW, null).summary());
        catalog.live().removed("sales.returns");

        // Then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.copyOf(lines))
                .contains("event: hello", "event: product", "event: removed", "data: {\"id\":\"sales.returns\"}")
                .anySatisfy(l -> assertThat(l).startsWith("data: {\"id\":\"sales.orders\"")));
    }

}
