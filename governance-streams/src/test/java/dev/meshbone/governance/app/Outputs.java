package dev.meshbone.governance.app;

import static dev.meshbone.governance.Fixtures.ORDER;
import static dev.meshbone.governance.Fixtures.ORDER_WITH_NONE_TEXT;
import static dev.meshbone.governance.Fixtures.frame;
import static dev.meshbone.governance.Fixtures.noneTextOrder;
import static dev.meshbone.governance.Fixtures.unframe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Governance's outputs read as consumers do (read_committed), and the exact-count check of the end-to-end ITs. */
final class Outputs {

    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);
    private static final MeshEventSerde<ProductStats> STATS = MeshEventSerde.of(ProductStats.class);

    /** How many of the bad records hold an e-mail in {@code notes}, tagged NONE ({@link #noneTaggedEmail}). */
    static final int NONE_TAGGED_PII = 5;

    private Outputs() {
    }

    /** Bad record {@code i} of those: an e-mail in the NONE-tagged {@code notes} (its value is never copied). */
    static byte[] noneTaggedEmail(Scenario s, int i) {
        return frame(s.noneTextId(), noneTextOrder(ORDER_WITH_NONE_TEXT, "notes",
                "forward to billing" + i + "@example.net"));
    }

    /** One IT run's product: its domain, topics and the global ids of its schemas. */
    record Scenario(String domain, String ingress, String publicTopic, String retiredIngress, long orderId,
                    long noteId, long noneTextId, long profileId, long retiredId) {
    }


    /** At least {@code expected} records of {@code topic} that {@code mine} accepts, and any duplicates after them. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(MeshCluster cluster, String topic,
                                                              Predicate<ConsumerRecord<byte[], byte[]>> mine,
                                                              int expected) {
        Properties props = cluster.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MeshClusterExtension.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (mine.test(r)) {
                        records.add(r);
                    }
                });
                assertThat(records.size()).as("records read from %s", topic).isGreaterThanOrEqualTo(expected);
            });
            // Anything beyond the expected count would be a duplicate: keep reading a little to see it.
            long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (mine.test(r)) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    static String header(ConsumerRecord<?, ?> r, String key) {
        var h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }


    /**
     * Every good record public exactly once with its e-mail hashed; every bad one quarantined byte for byte and
     * counted once in the violations, by code.
     */
    static void assertExactOutcome(MeshCluster cluster, Scenario s, int good, List<String> emails,
                                    Map<ViolationCode, List<byte[]>> bad) {
        assertExactOutcome(cluster, s, good, emails, bad, email -> assertThat(email).startsWith("hmac:"));
    }

    /** The same, with what each published e-mail must look like instead of a HASH token. */
    static void assertExactOutcome(MeshCluster cluster, Scenario s, int good, List<String> emails,
                                   Map<ViolationCode, List<byte[]>> bad, Consumer<String> protectedEmail) {
        int badCount = bad.values().stream().mapToInt(List::size).sum();
        List<ConsumerRecord<byte[], byte[]>> published = readCommitted(cluster, s.publicTopic(), r -> true, good);
        assertThat(published).hasSize(good);
        assertThat(published.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet()))
                .as("no duplicates").hasSize(good);
        Set<String> clear = new HashSet<>(emails);
        assertThat(published).allSatisfy(r -> {
            GenericRecord value = unframe(r.value(), ORDER).getValue();
            assertThat(clear).doesNotContain(value.get("customerEmail").toString());
            protectedEmail.accept(value.get("customerEmail").toString());
        });

        String ordersId = s.domain() + ".orders";
        String legacyId = s.domain() + ".legacy";
        List<ConsumerRecord<byte[], byte[]>> quarantined = readCommitted(cluster, MeshTopics.QUARANTINE,
                r -> header(r, MeshHeaders.VIOLATION_SOURCE_TOPIC).startsWith(MeshTopics.INGRESS_PREFIX + s.domain() + "."),
                badCount);
        assertThat(quarantined).hasSize(badCount);
        Map<String, List<byte[]>> quarantinedByCode = quarantined.stream().collect(Collectors.groupingBy(
                r -> header(r, MeshHeaders.VIOLATION_CODE), Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        bad.forEach((code, originals) -> assertThat(quarantinedByCode.get(code.name()))
                .as("quarantined %s bytes equal the originals", code)
                .usingElementComparator(Arrays::compare)
                .containsExactlyInAnyOrderElementsOf(originals));

        List<ConsumerRecord<byte[], byte[]>> violations = readCommitted(cluster, MeshTopics.VIOLATIONS, r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            return key.equals(ordersId) || key.equals(legacyId);
        }, badCount);
        assertThat(violations).hasSize(badCount);
        Map<ViolationCode, Long> byCode = violations.stream().map(r -> VIOLATIONS.decode(r.value()))
                .collect(Collectors.groupingBy(GovernanceViolation::getCode, Collectors.counting()));
        bad.forEach((code, originals) -> assertThat(byCode.get(code)).as(code.name()).isEqualTo(originals.size()));
        assertThat(violations).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("@example.net").doesNotContain("x@example.com"));
        // Personal data in text the owner declared not personal is refused as such.
        assertThat(violations.stream().map(r -> VIOLATIONS.decode(r.value()))
                .filter(v -> "notes".equals(v.getFieldPath())))
                .hasSize(NONE_TAGGED_PII)
                .allSatisfy(v -> {
                    assertThat(v.getCode()).isEqualTo(ViolationCode.UNTAGGED_PII);
                    assertThat(v.getMessage()).startsWith("field 'notes' is tagged \"pii\": \"NONE\" (declared not "
                            + "personal) but holds what looks like EMAIL data");
                });
    }

    /**
     * The stats of these products add up, as the catalog adds them (the latest report of each window and part,
     * summed), to exactly {@code expected}: per product, {@code accepted}, {@code quarantined}, {@code warned} and
     * each violation code; and stay so for a few more reports.
     */
    static void assertExactStats(MeshCluster cluster, Map<String, Map<String, Long>> expected) {
        Properties props = cluster.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, MeshClusterExtension.uniqueName("stats-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, ProductStats> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(MeshTopics.STATS));
            Runnable poll = () -> consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                ProductStats s = STATS.decode(r.value());
                if (expected.containsKey(s.getProductId())) {
                    latest.put(s.getProductId() + "|" + s.getWindowStart() + "|" + s.getPart(), s);
                }
            });
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ZERO).untilAsserted(() -> {
                poll.run();
                assertThat(statsTotals(latest.values())).isEqualTo(expected);
            });
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                poll.run();
            }
        }
        assertThat(statsTotals(latest.values())).as("no count added later").isEqualTo(expected);
    }

    private static Map<String, Map<String, Long>> statsTotals(Iterable<ProductStats> reports) {
        Map<String, Map<String, Long>> totals = new HashMap<>();
        for (ProductStats s : reports) {
            Map<String, Long> t = totals.computeIfAbsent(s.getProductId(), p -> new HashMap<>());
            t.merge("accepted", s.getAccepted(), Long::sum);
            t.merge("quarantined", s.getQuarantined(), Long::sum);
            t.merge("warned", s.getWarned(), Long::sum);
            s.getQuarantinedByCode().forEach((code, n) -> t.merge(code, n, Long::sum));
        }
        return totals;
    }
}
