package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStats;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.governance.stats.StatsStore;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.samples.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stats path in the topology: every record counted once per product and wall-clock minute in its task (records
 * check 1 refused too, and refused announcements), reported once per emit interval, not per record. A restart
 * between two reports is {@code StatsCounterTest}'s: closing a driver deletes its state directory.
 */
class StatsTopologyTest {

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);
    private static final MeshEventSerde<ProductStats> STATS = MeshEventSerde.of(ProductStats.class);
    private static final long SHOP_ORDER_ID = 21;
    private static final String SHOP_INGRESS = new ProductId("shop", "orders").ingressTopic();
    /** 20 s into a minute of the wall clock. */
    private static final Instant START = Instant.ofEpochMilli(1_700_000_000_000L);
    private static final Instant FIRST_WINDOW = Instant.ofEpochMilli(1_699_999_980_000L);
    private static final Duration EMIT = Duration.ofSeconds(1);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> sales;
    private TestInputTopic<byte[], byte[]> shop;
    private TestOutputTopic<String, ProductStats> stats;

    @BeforeEach
    void open() {
        Properties config = new Properties();
        config.setProperty("governance.pii.hmac.secret", HMAC_SECRET);
        config.setProperty("governance.instance.id", "governance-test");
        config.setProperty("governance.stats.emit.interval.ms", String.valueOf(EMIT.toMillis()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-stats-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        driver = new TopologyTestDriver(GovernanceTopology.build(GovernanceConfig.from(config),
                Fixtures.schemas().register(SHOP_ORDER_ID, "shop", "orders", "1", ORDER), new ContractIndex(),
                GovernanceMetrics.NONE, Fixtures.keyring()), props, START);
        TestInputTopic<String, DataProductDescriptor> products = driver.createInputTopic(MeshTopics.PRODUCTS,
                new StringSerializer(), DESCRIPTORS.serializer());
        products.pipeInput("sales.orders.v1", ordersDescriptor().build());
        products.pipeInput("shop.orders.v1", Samples.ordersDescriptor("shop", SHOP_ORDER_ID));
        sales = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
        shop = driver.createInputTopic(SHOP_INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
        stats = driver.createOutputTopic(MeshTopics.STATS, new StringDeserializer(), STATS.deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static byte[] good(int i) {
        return frame(ORDER_ID, order("ORD-" + i, 10 + i, "EUR", "a" + i + "@example.com"));
    }

    private static byte[] warned(int i) {
        return frame(ORDER_ID, order("ORD-" + i, 10 + i, "GBP", "a" + i + "@example.com"));
    }

    private static byte[] negative(int i) {
        return frame(ORDER_ID, order("ORD-" + i, -1, "EUR", "a" + i + "@example.com"));
    }

    private static byte[] garbage(int i) {
        return ("not avro " + i).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(TestInputTopic<byte[], byte[]> topic, byte[] value) {
        topic.pipeInput("k".getBytes(StandardCharsets.UTF_8), value, START);
    }

    /** What the catalog keeps of the reports: the latest of each product, window and part. */
    private static Map<String, ProductStats> latestByWindowAndPart(List<ProductStats> reports) {
        Map<String, ProductStats> latest = new HashMap<>();
        reports.forEach(r -> latest.put(r.getProductId() + "|" + r.getWindowStart() + "|" + r.getPart(), r));
        return latest;
    }

    /** The catalog's all-time counts of a product: the sum of the latest report of each window and part. */
    private static long[] totals(List<ProductStats> reports, String productId) {
        long[] sums = new long[3];
        latestByWindowAndPart(reports).values().stream().filter(r -> r.getProductId().equals(productId))
                .forEach(r -> {
                    sums[0] += r.getAccepted();
                    sums[1] += r.getQuarantined();
                    sums[2] += r.getWarned();
                });
        return sums;
    }

    @Test
    void shouldCountEveryRecordOfEachProductAndReportOncePerIntervalNotPerRecord() {
        // When 100 records of sales.orders and 40 of shop.orders, bytes that are not Avro among them
        for (int i = 0; i < 100; i++) {
            send(sales, switch (i % 10) {
                case 0 -> garbage(i);
                case 1 -> negative(i);
                case 2 -> warned(i);
                default -> good(i);
            });
        }
        for (int i = 0; i < 40; i++) {
            send(shop, i % 4 == 0 ? garbage(i) : frame(SHOP_ORDER_ID, order("S-" + i, 5, "USD", "s@example.com")));
        }

        // Then nothing is reported per record; one report per product when the interval has passed; none after
        assertThat(stats.isEmpty()).isTrue();
        driver.advanceWallClockTime(EMIT);
        List<ProductStats> reports = stats.readValuesToList();
        assertThat(reports).extracting(ProductStats::getProductId).containsExactlyInAnyOrder("sales.orders",
                "shop.orders");
        ProductStats s = reports.stream().filter(r -> r.getProductId().equals("sales.orders")).findFirst().orElseThrow();
        assertThat(s.getAccepted()).isEqualTo(80);
        assertThat(s.getQuarantined()).isEqualTo(20);
        assertThat(s.getWarned()).isEqualTo(10);
        assertThat(s.getQuarantinedByCode()).containsOnly(Map.entry("MALFORMED_RECORD", 10L),
                Map.entry("RULE_FAILED", 10L));
        assertThat(s.getLastAcceptedTime()).isEqualTo(START);
        assertThat(s.getLastEventTime()).isEqualTo(START);
        assertThat(s.getWindowStart()).isEqualTo(FIRST_WINDOW);
        assertThat(s.getWindowEnd()).isEqualTo(FIRST_WINDOW.plus(GovernanceTopology.STATS_WINDOW));
        assertThat(s.getPart()).isEqualTo("task-0");
        assertThat(totals(reports, "shop.orders")).containsExactly(30, 10, 0);
        driver.advanceWallClockTime(EMIT);
        assertThat(stats.isEmpty()).as("nothing counted since the last report").isTrue();
    }

    @Test
    void shouldCountARefusedAnnouncementInItsOwnPart() {
        // When sales.orders is announced on another domain's contract topic (refused), and a record is routed
        driver.createInputTopic(MeshTopics.CONTRACTS_PREFIX + "hr", new StringSerializer(), DESCRIPTORS.serializer())
                .pipeInput("sales.orders.v1", ordersDescriptor().build(), START);
        send(sales, good(1));
        driver.advanceWallClockTime(EMIT);

        // Then the refusal is counted by the announcement's task, beside the record's task
        Map<String, ProductStats> byPart = new HashMap<>();
        stats.readValuesToList().forEach(r -> byPart.put(r.getPart(), r));
        assertThat(byPart).containsOnlyKeys("task-0", "contracts-task-0");
        ProductStats refused = byPart.get("contracts-task-0");
        assertThat(refused.getProductId()).isEqualTo("sales.orders");
        assertThat(refused.getQuarantinedByCode()).containsOnly(Map.entry("INVALID_CONTRACT", 1L));
        assertThat(refused.getAccepted()).isZero();
        assertThat(byPart.get("task-0").getAccepted()).isEqualTo(1);
    }

    @Test
    void shouldCountEachMinuteOfTheWallClockInItsOwnWindow() {
        // Given
        List<ProductStats> reports = new ArrayList<>();

        // When records arrive over two minutes of the wall clock
        for (int i = 0; i < 5; i++) {
            send(sales, good(i));
        }
        driver.advanceWallClockTime(EMIT);
        reports.addAll(stats.readValuesToList());
        for (int i = 5; i < 8; i++) {
            send(sales, good(i));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(40)); // into the next minute: the first window's last report
        reports.addAll(stats.readValuesToList());
        send(sales, good(8));
        send(sales, garbage(9));
        driver.advanceWallClockTime(EMIT);
        reports.addAll(stats.readValuesToList());

        // Then
        Map<Instant, ProductStats> byWindow = new HashMap<>();
        latestByWindowAndPart(reports).values().forEach(r -> byWindow.put(r.getWindowStart(), r));
        assertThat(byWindow).hasSize(2);
        assertThat(byWindow.get(FIRST_WINDOW).getAccepted()).isEqualTo(8);
        assertThat(byWindow.get(FIRST_WINDOW.plusSeconds(60)).getAccepted()).isEqualTo(1);
        assertThat(byWindow.get(FIRST_WINDOW.plusSeconds(60)).getQuarantined()).isEqualTo(1);
        assertThat(reports).as("one report per window and interval that counted something").hasSize(3);
    }

    @Test
    void shouldForgetAWindowSomeMinutesAfterItEnded() {
        // Given a window counted and reported
        send(sales, good(1));
        driver.advanceWallClockTime(EMIT);
        stats.readValuesToList();
        StatsStore store = (StatsStore) driver.getStateStore(GovernanceTopology.STATS_STORE);

        // When it ended less long ago than the store keeps it, then longer
        driver.advanceWallClockTime(GovernanceTopology.STATS_KEEP);
        int kept = 0;
        try (var all = store.all()) {
            for (; all.hasNext(); all.next()) {
                kept++;
            }
        }
        driver.advanceWallClockTime(GovernanceTopology.STATS_WINDOW);

        // Then it was kept, and is now gone without being reported again
        assertThat(kept).isEqualTo(1);
        try (var all = store.all()) {
            assertThat(all.hasNext()).isFalse();
        }
        assertThat(stats.isEmpty()).isTrue();
    }
}
