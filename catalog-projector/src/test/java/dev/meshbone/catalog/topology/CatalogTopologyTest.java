package dev.meshbone.catalog.topology;

import static dev.meshbone.catalog.CatalogFixtures.accessKey;
import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.grant;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.AccessSummary;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.FieldSummary;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.ProductVersion;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.events.ViolationSummary;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String ORDERS = "sales.orders";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, DataProductDescriptor> products;
    private TestInputTopic<String, GovernanceViolation> violations;
    private TestInputTopic<String, ProductStats> statsTopic;
    private TestInputTopic<String, AccessGrant> access;
    private TestOutputTopic<String, CatalogEntry> catalog;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(Map<String, String> settings) {
        CatalogConfig config = CatalogConfig.from(settings);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "catalog-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(CatalogTopology.build(config), props, T0);
        products = driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(),
                MeshEventSerde.of(DataProductDescriptor.class).serializer());
        violations = driver.createInputTopic(MeshTopics.VIOLATIONS, new StringSerializer(),
                MeshEventSerde.of(GovernanceViolation.class).serializer());
        statsTopic = driver.createInputTopic(MeshTopics.STATS, new StringSerializer(),
                MeshEventSerde.of(ProductStats.class).serializer());
        access = driver.createInputTopic(MeshTopics.ACCESS, new StringSerializer(),
                MeshEventSerde.of(AccessGrant.class).serializer());
        catalog = driver.createOutputTopic(MeshTopics.CATALOG, new StringDeserializer(),
                MeshEventSerde.of(CatalogEntry.class).deserializer());
    }

    private void start() {
        start(Map.of());
    }

    private void announce(DataProductDescriptor d) {
        products.pipeInput(new ProductId(d.getDomain(), d.getName()).major(d.getMajorVersion()).toString(), d, T0);
    }

    private CatalogEntry lastEntry(String productId) {
        List<KeyValue<String, CatalogEntry>> all = emitted();
        assertThat(all).extracting(kv -> kv.key).contains(productId);
        return all.stream().filter(kv -> kv.key.equals(productId)).reduce((a, b) -> b).orElseThrow().value;
    }

    /** What the projector forwarded at its next emission. */
    private List<KeyValue<String, CatalogEntry>> emitted() {
        driver.advanceWallClockTime(CatalogTopology.EMIT_INTERVAL);
        return catalog.readKeyValuesToList();
    }

    private KeyValueStore<String, CatalogEntry> globalStore() {
        return driver.getKeyValueStore(CatalogTopology.CATALOG_STORE);
    }

    @Test
    void shouldProjectDescriptorIntoRegisteredEntryWithSchemaAndPiiProtection() {
        // Given
        start();

        // When
        announce(descriptor("sales", "orders", 1).build());

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getRegistered()).isTrue();
        assertThat(entry.getDomain()).isEqualTo("sales");
        assertThat(entry.getName()).isEqualTo("orders");
        assertThat(entry.getTitle()).isEqualTo("Orders of sales");
        assertThat(entry.getOwner().getTeam()).isEqualTo("sales-platform");
        assertThat(entry.getStatus()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(entry.getVersions()).extracting(ProductVersion::getMajorVersion, ProductVersion::getPublicTopic)
                .containsExactly(tuple(1, "sales.orders.v1"));
        assertThat(entry.getCurrentSchema().getFullName()).isEqualTo("dev.meshbone.examples.sales.Order");
        assertThat(entry.getCurrentSchema().getFields())
                .extracting(FieldSummary::getPath, FieldSummary::getPiiCategory, FieldSummary::getProtection)
                .contains(tuple("customerEmail", "EMAIL", PiiProtection.ENCRYPT),
                        tuple("shippingAddress.street", "ADDRESS", PiiProtection.HASH),
                        tuple("customerId", null, null),
                        tuple("items[].sku", null, null));
        assertThat(entry.getQualityRules()).extracting(r -> r.getId()).containsExactly("positive-total");
        assertThat(entry.getSlo().getMaxIntervalMillis()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(entry.getSloStatus().getFreshnessOk()).isTrue();
        assertThat(entry.getCreatedAt()).isEqualTo(T0);
        assertThat(globalStore().get(ORDERS)).isEqualTo(entry);
    }

    @Test
    void shouldListEveryMajorAndTakeCurrentSchemaFromHighestMajorNotRetired() {
        // Given
        start();
        announce(descriptor("sales", "orders", 1).setStatus(ProductStatus.DEPRECATED).build());
        announce(descriptor("sales", "orders", 2).setTitle("Orders v2").build());

        // When
        announce(descriptor("sales", "orders", 3).setTitle("Orders v3").setStatus(ProductStatus.RETIRED).build());

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getVersions()).extracting(ProductVersion::getMajorVersion, ProductVersion::getStatus)
                .containsExactly(tuple(1, ProductStatus.DEPRECATED), tuple(2, ProductStatus.ACTIVE),
                        tuple(3, ProductStatus.RETIRED));
        assertThat(entry.getCurrentSchema().getMajorVersion()).isEqualTo(2);
        assertThat(entry.getTitle()).isEqualTo("Orders v2");
        assertThat(entry.getStatus()).isEqualTo(ProductStatus.ACTIVE);
    }

    @Test
    void shouldRemoveMajorOnTombstoneAndProductWithItsLastMajor() {
        // Given
        start();
        announce(descriptor("sales", "orders", 1).build());
        announce(descriptor("sales", "orders", 2).build());

        // When
        products.pipeInput("sales.orders.v2", null, T0);

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getVersions()).extracting(ProductVersion::getMajorVersion).containsExactly(1);
        assertThat(entry.getCurrentSchema().getMajorVersion()).isEqualTo(1);

        // When
        products.pipeInput("sales.orders.v1", null, T0);

        // Then
        List<KeyValue<String, CatalogEntry>> out = emitted();
        assertThat(out).containsExactly(KeyValue.pair(ORDERS, null));
        assertThat(globalStore().get(ORDERS)).isNull();
    }

    @Test
    void shouldFlagUnknownProductSeenOnlyInViolations() {
        // Given
        start();

        // When
        violations.pipeInput("ghost.items", violation("ghost.items", ViolationCode.UNKNOWN_PRODUCT,
                "no descriptor for product ghost.items", T0), T0);

        // Then
        CatalogEntry entry = lastEntry("ghost.items");
        assertThat(entry.getRegistered()).isFalse();
        assertThat(entry.getDomain()).isEqualTo("ghost");
        assertThat(entry.getName()).isEqualTo("items");
        assertThat(entry.getStatus()).isNull();
        assertThat(entry.getRecentViolations()).extracting(ViolationSummary::getCode)
                .containsExactly(ViolationCode.UNKNOWN_PRODUCT);
        assertThat(entry.getSloStatus().getFreshnessOk()).isNull();
        assertThat(globalStore().get("ghost.items").getRegistered()).isFalse();

        // When the descriptor arrives after all
        announce(descriptor("ghost", "items", 1).build());

        // Then
        CatalogEntry registered = lastEntry("ghost.items");
        assertThat(registered.getRegistered()).isTrue();
        assertThat(registered.getRecentViolations()).hasSize(1);
    }

    @Test
    void shouldKeepRecentViolationsNewestFirstBoundedAndWithoutRepeats() {
        // Given
        start(Map.of("catalog.recent.violations", "3"));
        announce(descriptor("sales", "orders", 1).build());

        // When
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(i);
            violations.pipeInput(ORDERS, violation(ORDERS, ViolationCode.RULE_FAILED, "rule positive-total failed #" + i,
                    at), at);
        }
        violations.pipeInput(ORDERS, violation(ORDERS, ViolationCode.RULE_FAILED, "rule positive-total failed #4",
                T0.plusSeconds(4)), T0.plusSeconds(4));

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getRecentViolations()).extracting(ViolationSummary::getMessage).containsExactly(
                "rule positive-total failed #4", "rule positive-total failed #3", "rule positive-total failed #2");
        assertThat(entry.getRecentViolations().get(0).getRuleId()).isEqualTo("positive-total");
    }

    @Test
    void shouldShowARefusedAnnouncementOnTheProductPageAndInItsCounts() {
        // Given
        start();
        announce(descriptor("sales", "orders", 1).build());
        Instant w = T0.minus(Duration.ofMinutes(1));

        // When governance refuses an announcement of sales.orders made on another domain's contract topic
        GovernanceViolation refused = GovernanceViolation.newBuilder(violation(ORDERS, ViolationCode.INVALID_CONTRACT,
                "announcement of sales.orders.v1 on mesh.contracts.hr refused (1 problem): key: contract "
                        + "sales.orders.v1 belongs to domain sales, but it was announced on mesh.contracts.hr", T0))
                .setSourceTopic("mesh.contracts.hr").build();
        violations.pipeInput(ORDERS, refused, T0);
        statsTopic.pipeInput(ORDERS, ProductStats.newBuilder(stats(ORDERS, w, 10, 1, 0, w.plusSeconds(5)))
                .setQuarantinedByCode(Map.of("INVALID_CONTRACT", 1L)).build(), T0);

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getRegistered()).isTrue();
        assertThat(entry.getStatus()).as("the contract in force is unchanged").isEqualTo(ProductStatus.ACTIVE);
        assertThat(entry.getRecentViolations()).singleElement().satisfies(v -> {
            assertThat(v.getCode()).isEqualTo(ViolationCode.INVALID_CONTRACT);
            assertThat(v.getMessage()).contains("announced on mesh.contracts.hr");
        });
        assertThat(entry.getQuarantinedByCode()).containsExactly(Map.entry("INVALID_CONTRACT", 1L));
        assertThat(entry.getCounts().getQuarantined()).isEqualTo(1);
    }

    @Test
    void shouldSumStatsWindowsWhereLaterReportOfSameWindowReplacesEarlier() {
        // Given
        start();
        announce(descriptor("sales", "orders", 1).build());
        Instant w1 = T0.minus(Duration.ofMinutes(2));
        Instant w2 = T0.minus(Duration.ofMinutes(1));

        // When
        statsTopic.pipeInput(ORDERS, stats(ORDERS, w1, 10, 1, 0, w1.plusSeconds(10)), T0);
        statsTopic.pipeInput(ORDERS, stats(ORDERS, w1, 20, 2, 1, w1.plusSeconds(50)), T0);
        statsTopic.pipeInput(ORDERS, stats(ORDERS, w2, 5, 0, 0, w2.plusSeconds(5)), T0);
        statsTopic.pipeInput(ORDERS, stats(ORDERS, w2, 5, 0, 0, w2.plusSeconds(5)), T0);

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getCounts().getAccepted()).isEqualTo(25);
        assertThat(entry.getCounts().getQuarantined()).isEqualTo(2);
        assertThat(entry.getCounts().getWarned()).isEqualTo(1);
        assertThat(entry.getCountsLastHour().getAccepted()).isEqualTo(25);
        assertThat(entry.getQuarantinedByCode()).containsExactly(Map.entry("RULE_FAILED", 2L));
        assertThat(entry.getLastAcceptedAt()).isEqualTo(w2.plusSeconds(5));
        assertThat(entry.getSloStatus().getViolationRateLastHour()).isEqualTo(2.0 / 27);
        assertThat(entry.getSloStatus().getViolationRateOk()).isTrue();
    }

    @Test
    void shouldSumThePartsOfAWindowWhereEachPartsLaterReportReplacesItsEarlier() {
        // Given: governance counts a window in parts, one per task; a report before parts had none
        start();
        announce(descriptor("sales", "orders", 1).build());
        Instant w = T0.minus(Duration.ofMinutes(1));

        // When
        statsTopic.pipeInput(ORDERS, part(stats(ORDERS, w, 10, 1, 0, w.plusSeconds(10)), "task-0"), T0);
        statsTopic.pipeInput(ORDERS, part(stats(ORDERS, w, 7, 0, 2, w.plusSeconds(20)), "task-1"), T0);
        statsTopic.pipeInput(ORDERS, part(stats(ORDERS, w, 30, 3, 0, w.plusSeconds(30)), "task-0"), T0);
        statsTopic.pipeInput(ORDERS, part(stats(ORDERS, w, 30, 3, 0, w.plusSeconds(30)), "task-0"), T0);
        statsTopic.pipeInput(ORDERS, stats(ORDERS, w, 4, 0, 0, w.plusSeconds(5)), T0);

        // Then: 30 + 7 + 4, the redelivered report of task-0 adding nothing
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getCounts().getAccepted()).isEqualTo(41);
        assertThat(entry.getCounts().getQuarantined()).isEqualTo(3);
        assertThat(entry.getCounts().getWarned()).isEqualTo(2);
        assertThat(entry.getCountsLastHour().getAccepted()).isEqualTo(41);
        assertThat(entry.getQuarantinedByCode()).containsExactly(Map.entry("RULE_FAILED", 3L));
        assertThat(entry.getLastAcceptedAt()).isEqualTo(w.plusSeconds(30));
    }

    private static ProductStats part(ProductStats stats, String part) {
        return ProductStats.newBuilder(stats).setPart(part).build();
    }

    @Test
    void shouldTurnFreshnessRedWhenWallClockPassesWithoutRecords() {
        // Given: freshness objective 5 minutes, last accepted record now
        start();
        announce(descriptor("sales", "orders", 1).build());
        statsTopic.pipeInput(ORDERS, stats(ORDERS, T0, 3, 0, 0, T0), T0);
        assertThat(lastEntry(ORDERS).getSloStatus().getFreshnessOk()).isTrue();

        // When: four minutes pass, nothing arrives
        driver.advanceWallClockTime(Duration.ofMinutes(4));

        // Then: still fresh, and nothing written (the verdict did not change)
        assertThat(emitted()).isEmpty();

        // When: two more minutes pass
        driver.advanceWallClockTime(Duration.ofMinutes(2));

        // Then
        CatalogEntry entry = lastEntry(ORDERS);
        assertThat(entry.getSloStatus().getFreshnessOk()).isFalse();
        assertThat(entry.getSloStatus().getMillisSinceLastAccepted()).isGreaterThan(Duration.ofMinutes(5).toMillis());
        assertThat(globalStore().get(ORDERS).getSloStatus().getFreshnessOk()).isFalse();

        // When: a record is accepted again
        Instant later = T0.plus(Duration.ofMinutes(6));
        statsTopic.pipeInput(ORDERS, stats(ORDERS, later, 1, 0, 0, later), later);

        // Then
        assertThat(lastEntry(ORDERS).getSloStatus().getFreshnessOk()).isTrue();
    }

    @Test
    void shouldEvaluateASliceOfTheProductsAtATimeAndEveryOneWithinTheInterval() {
        // Given: 200 products whose last record was accepted at T0, freshness objective 5 minutes
        start(Map.of("catalog.slo.evaluation.interval.ms", "5000"));
        for (int i = 0; i < 200; i++) {
            String id = "sales.p" + i;
            announce(descriptor("sales", "p" + i, 1).build());
            statsTopic.pipeInput(id, stats(id, T0, 1, 0, 0, T0), T0);
        }
        emitted();

        // When: six minutes pass; the punctuation runs once
        driver.advanceWallClockTime(Duration.ofMinutes(6));

        // Then: a slice of them turned red, not the whole catalog at once
        int firstSlice = emitted().size();
        assertThat(firstSlice).isBetween(1, 199);

        // When: the rest of one evaluation interval passes, slice by slice (5 s / 50 slices)
        Set<String> red = new HashSet<>();
        for (int tick = 0; tick < CatalogProjector.SLICES + 1; tick++) {
            driver.advanceWallClockTime(Duration.ofMillis(100));
            emitted().forEach(kv -> {
                assertThat(kv.value.getSloStatus().getFreshnessOk()).isFalse();
                red.add(kv.key);
            });
        }

        // Then: every product was evaluated, each written once
        assertThat(firstSlice + red.size()).isEqualTo(200);
    }

    @Test
    void shouldBreachViolationRateAndRecoverWhenTheWindowLeavesTheLastHour() {
        // Given
        start(Map.of("catalog.slo.evaluation.interval.ms", "60000"));
        announce(descriptor("sales", "orders", 1).setSlo(dev.meshbone.events.ServiceLevelObjectives.newBuilder()
                .setMaxViolationRate(0.1).build()).build());

        // When: half the records of the last minute were quarantined
        statsTopic.pipeInput(ORDERS, stats(ORDERS, T0, 50, 50, 0, T0), T0);

        // Then
        CatalogEntry breached = lastEntry(ORDERS);
        assertThat(breached.getSloStatus().getViolationRateLastHour()).isEqualTo(0.5);
        assertThat(breached.getSloStatus().getViolationRateOk()).isFalse();
        assertThat(breached.getSloStatus().getFreshnessOk()).isNull();

        // When: the hour passes
        driver.advanceWallClockTime(Duration.ofMinutes(62));

        // Then
        CatalogEntry recovered = lastEntry(ORDERS);
        assertThat(recovered.getSloStatus().getViolationRateOk()).isTrue();
        assertThat(recovered.getSloStatus().getViolationRateLastHour()).isNull();
        assertThat(recovered.getCountsLastHour().getQuarantined()).isZero();
        assertThat(recovered.getCounts().getQuarantined()).isEqualTo(50);
    }

    @Test
    void shouldIgnoreStatsOfWindowOlderThanRetention() {
        // Given
        start();
        announce(descriptor("sales", "orders", 1).build());
        emitted();

        // When
        Instant old = T0.minus(Duration.ofHours(3));
        statsTopic.pipeInput(ORDERS, stats(ORDERS, old, 100, 0, 0, old), T0);

        // Then
        assertThat(emitted()).isEmpty();
        assertThat(globalStore().get(ORDERS).getCounts().getAccepted()).isZero();
    }

    @Test
    void shouldFoldGrantsAndRevokesIntoWhoHasAccess() {
        // Given
        start();
        announce(descriptor("sales", "orders", 1).build());
        emitted();

        // When a grant, then a second team's
        access.pipeInput(accessKey(ORDERS, "analytics"), grant(ORDERS, "analytics", T0), T0);
        assertThat(lastEntry(ORDERS).getAccess()).extracting(AccessSummary::getTeam, AccessSummary::getGrantedBy,
                AccessSummary::getGrantedAt).containsExactly(tuple("analytics", "admin", T0));
        access.pipeInput(accessKey(ORDERS, "finance"), grant(ORDERS, "finance", T0.plusSeconds(1)), T0);

        // Then both teams, by team
        assertThat(lastEntry(ORDERS).getAccess()).extracting(AccessSummary::getTeam)
                .containsExactly("analytics", "finance");

        // When the first is revoked (a tombstone)
        access.pipeInput(accessKey(ORDERS, "analytics"), null, T0);

        // Then only the second is left, on the topic and in the global store
        assertThat(lastEntry(ORDERS).getAccess()).extracting(AccessSummary::getTeam).containsExactly("finance");
        assertThat(globalStore().get(ORDERS).getAccess()).extracting(AccessSummary::getTeam)
                .containsExactly("finance");
    }

    @Test
    void shouldKeepAGrantOfAnUnknownProductUntilItIsAnnounced() {
        // Given
        start();

        // When a grant arrives before the product's descriptor, and a malformed key
        access.pipeInput(accessKey(ORDERS, "analytics"), grant(ORDERS, "analytics", T0), T0);
        access.pipeInput("no-separator", grant(ORDERS, "x", T0), T0);

        // Then no entry, until the product is announced: then it shows the grant
        assertThat(emitted()).isEmpty();
        announce(descriptor("sales", "orders", 1).build());
        assertThat(lastEntry(ORDERS).getAccess()).extracting(AccessSummary::getTeam).containsExactly("analytics");
    }

    @Test
    void shouldNameEveryProcessorStoreAndInternalTopic() {
        // Given
        Topology topology = CatalogTopology.build(CatalogConfig.defaults());

        // When
        TopologyDescription description = topology.describe();
        System.out.println(description);

        // Then
        assertThat(description.toString())
                .doesNotContain("KSTREAM-").doesNotContain("KTABLE-")
                .contains("products-source", "violations-source", "stats-source", "access-source",
                        "access-to-catalog-events", "merge-access", "catalog-projector", "catalog-sink",
                        "catalog-events-repartition", "catalog-global-updater", CatalogTopology.ENTRIES_STORE,
                        CatalogTopology.DESCRIPTORS_STORE, CatalogTopology.STATS_WINDOWS_STORE,
                        CatalogTopology.ACCESS_STORE);
        assertThat(description.globalStores()).singleElement()
                .satisfies(g -> assertThat(g.processor().stores()).containsExactly(CatalogTopology.CATALOG_STORE));
    }
}
