package dev.meshbone.catalog.app;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meshbone.catalog.TestCatalogs;
import dev.meshbone.catalog.TestHttp;
import dev.meshbone.catalog.TestPublisher;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two projector instances against a real broker: each answers for every product, whichever projected it. */
@ExtendWith(MeshClusterExtension.class)
class CatalogProjectorIT {

    private static final List<String> REGISTERED = List.of("sales.orders", "sales.returns", "customers.profiles",
            "logistics.shipments", "finance.invoices", "hr.people");
    private static final String GHOST = "ghost.items";

    @TempDir
    Path stateDir;

    @Test
    void shouldProjectFactsToCatalogTopicAndServeEveryProductFromBothInstances(MeshCluster cluster) {
        // Given: two instances of one projector
        String name = MeshClusterExtension.uniqueName("catalog-two");
        Map<String, String> settings = TestCatalogs.settings(cluster.kafkaSettings(), name, stateDir.resolve("a"));
        Map<String, String> settingsB = new HashMap<>(settings);
        settingsB.put("catalog.state.dir", stateDir.resolve("b").toString());
        CatalogConfig.Topics topics = TestCatalogs.topics(settings);
        List<CatalogService> instances = new ArrayList<>();
        // The quarantine, as governance provisions it with quarantine.retention.ms = 2 days
        try (Admin admin = cluster.createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(MeshTopicDefinitions.quarantine(Duration.ofDays(2)),
                    Duration.ofSeconds(30));
        }
        try (TestPublisher publish = new TestPublisher(cluster.clientProperties(), topics)) {
            instances.add(CatalogService.start(CatalogConfig.from(settings)));
            instances.add(CatalogService.start(CatalogConfig.from(settingsB)));
            await("both instances own tasks").atMost(Duration.ofSeconds(90)).until(() ->
                    instances.stream().allMatch(i -> i.activeTasks() > 0));

            // When: descriptors, a violation of an unknown product and stats arrive
            Instant now = Instant.now();
            for (String id : REGISTERED) {
                String[] parts = id.split("\\.");
                publish.announce(descriptor(parts[0], parts[1], 1).build());
            }
            publish.announce(descriptor("hr", "people", 1).setContractSchema("""
                    {"type": "record", "name": "Person", "fields": [
                      {"name": "badge", "type": "string", "pii": "NONE", "pii.allow": ["PAYMENT_CARD"]}]}""")
                    .build());
            publish.violation(violation(GHOST, ViolationCode.UNKNOWN_PRODUCT, "no descriptor for ghost.items", now));
            publish.stats(stats("sales.orders", now.minusSeconds(30), 40, 2, 1, now.minusSeconds(1)));

            // Then: one entry per product on the catalog topic
            await("entries on the catalog topic").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, CatalogEntry> catalog = TestCatalogs.readCatalogTopic(cluster.clientProperties(),
                        topics.catalog());
                assertThat(catalog).containsKeys(REGISTERED.toArray(String[]::new)).containsKey(GHOST);
                assertThat(catalog.get(GHOST).getRegistered()).isFalse();
                assertThat(catalog.get("sales.orders").getCounts().getAccepted()).isEqualTo(40);
            });

            // And: each instance answers for every product
            for (CatalogService instance : instances) {
                String base = "http://127.0.0.1:" + instance.httpPort();
                await("instance on " + base + " knows every product").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (String id : concat(REGISTERED, GHOST)) {
                        TestHttp.Response product = TestHttp.get(base + "/api/products/" + id);
                        assertThat(product.status()).as(id).isEqualTo(200);
                        assertThat(product.json().get("id").asText()).isEqualTo(id);
                    }
                    assertThat(TestHttp.get(base + "/api/products").json().get("count").asInt()).isEqualTo(7);
                });
                JsonNode orders = TestHttp.get(base + "/api/products/sales.orders").json();
                assertThat(orders.get("publicTopic").asText()).isEqualTo("sales.orders.v1");
                assertThat(orders.get("counts").get("accepted").asLong()).isEqualTo(40);
                assertThat(orders.get("schema").get("fields").findValuesAsText("path")).contains("customerEmail");
                assertThat(ids(TestHttp.get(base + "/api/products?domain=sales").json()))
                        .containsExactly("sales.orders", "sales.returns");
                assertThat(ids(TestHttp.get(base + "/api/products?status=unregistered").json())).containsExactly(GHOST);
                assertThat(TestHttp.get(base + "/api/products/" + GHOST + "/violations").json()
                        .get("violations").get(0).get("code").asText()).isEqualTo("UNKNOWN_PRODUCT");
                assertThat(TestHttp.get(base + "/api/domains").json().get("count").asInt()).isEqualTo(6);
                assertThat(TestHttp.get(base + "/health").json().get("status").asText()).isEqualTo("UP");
                // The exception to the content scan, through mesh.catalog; the retention in force on the cluster
                await("the allowance and the quarantine's retention on " + base).atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> {
                            JsonNode people = TestHttp.get(base + "/api/products/hr.people").json();
                            assertThat(people.get("schema").get("fields").get(0).get("allowed"))
                                    .extracting(JsonNode::asText).containsExactly("PAYMENT_CARD");
                            assertThat(people.get("quarantine").get("retentionMillis").asLong())
                                    .isEqualTo(Duration.ofDays(2).toMillis());
                        });
            }
            assertThat(instances).allSatisfy(i -> assertThat(i.activeTasks()).isPositive());
        } finally {
            instances.forEach(CatalogService::close);
        }
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("products").spliterator(), false).map(p -> p.get("id").asText()).toList();
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }
}
