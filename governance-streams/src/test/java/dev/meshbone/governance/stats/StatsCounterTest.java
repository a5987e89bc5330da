package dev.meshbone.governance.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.ProductStats;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.routing.Outcome;
import dev.meshbone.governance.routing.Source;
import dev.meshbone.governance.routing.Violations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The counter across a restart and a crash, as exactly-once leaves its task: the store holds what the last commit
 * wrote, reports after that commit are aborted with it, and the records after it are processed again.
 */
class StatsCounterTest {

    private static final String STORE = "counts";
    private static final String PRODUCT = "sales.orders";
    private static final long NOW = 1_700_000_000_000L;
    private static final StatsCounter.Settings SETTINGS = new StatsCounter.Settings(STORE, Duration.ofMinutes(1),
            Duration.ofSeconds(1), Duration.ofMinutes(5), "task-");

    /** One incarnation of the task: a counter over a store holding {@code committed}. */
    private static final class Task {
        final MockProcessorContext<String, ProductStats> context = new MockProcessorContext<>();
        final StatsStore store = new StatsStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build());
        final StatsCounter<byte[]> counter = new StatsCounter<>(SETTINGS);
        int offset;

        Task(List<KeyValue<Bytes, byte[]>> committed, long now) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            committed.forEach(kv -> store.put(kv.key, kv.value));
            context.setCurrentSystemTimeMs(now);
            counter.init(context);
        }

        void accepted(int n) {
            for (int i = 0; i < n; i++) {
                counter.process(new Record<>(new byte[0], new Outcome.Accepted(PRODUCT, "sales.orders.v1",
                        new byte[0]), NOW));
            }
        }

        void quarantined(int n, ViolationCode code) {
            for (int i = 0; i < n; i++) {
                counter.process(new Record<>(new byte[0], new Outcome.Violation(PRODUCT, Violations.event(PRODUCT,
                        Violations.Finding.quarantine(code, "bad"), new Source("mesh.ingress.sales.orders", 0,
                                offset++), null, NOW, NOW, "test")), NOW));
            }
        }

        /** The punctuation, {@code later} ms on: what it reported. */
        List<ProductStats> report(long later) {
            context.resetForwards();
            context.setCurrentSystemTimeMs(context.currentSystemTimeMs() + later);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
            List<ProductStats> reports = new ArrayList<>();
            context.forwarded().forEach(f -> reports.add(f.record().value()));
            return reports;
        }

        /** What a commit now writes to the changelog: the store as it is once Kafka Streams flushed its caches. */
        List<KeyValue<Bytes, byte[]>> commit() {
            store.flushCache();
            List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                it.forEachRemaining(all::add);
            }
            return all;
        }
    }

    /** The catalog's sum: the latest report of each window and part. */
    private static Map<String, Long> totals(List<ProductStats> reports) {
        Map<String, ProductStats> latest = new HashMap<>();
        reports.forEach(r -> latest.put(r.getWindowStart() + "|" + r.getPart(), r));
        Map<String, Long> totals = new HashMap<>();
        latest.values().forEach(r -> {
            totals.merge("accepted", r.getAccepted(), Long::sum);
            totals.merge("quarantined", r.getQuarantined(), Long::sum);
            r.getQuarantinedByCode().forEach((code, n) -> totals.merge(code, n, Long::sum));
        });
        return totals;
    }

    @Test
    void shouldLoseNoCountAndDoubleNoneWhenTheTaskCrashesBetweenTwoReports() {
        // Given a report, then counts committed but not reported yet
        List<ProductStats> delivered = new ArrayList<>();
        Task first = new Task(List.of(), NOW);
        first.accepted(10);
        first.quarantined(2, ViolationCode.MALFORMED_RECORD);
        delivered.addAll(first.report(1_000));
        first.accepted(5);
        first.quarantined(1, ViolationCode.RULE_FAILED);
        List<KeyValue<Bytes, byte[]>> committed = first.commit();

        // When it counts more and reports, then crashes before its next commit (that report is aborted with the
        // transaction), and a new incarnation processes those records again and more
        first.accepted(3);
        first.report(1_000);
        Task second = new Task(committed, NOW + 2_500);
        second.accepted(3);
        second.accepted(2);
        second.quarantined(1, ViolationCode.MALFORMED_RECORD);
        List<ProductStats> afterRestart = second.report(1_000);
        delivered.addAll(afterRestart);

        // Then every record counts once: 10 + 5 + 3 + 2 accepted, 2 + 1 + 1 quarantined
        assertThat(delivered.get(0).getAccepted()).as("the report before the crash").isEqualTo(10);
        assertThat(afterRestart).singleElement().satisfies(r -> assertThat(r.getPart()).isEqualTo("task-0"));
        assertThat(totals(delivered)).containsOnly(Map.entry("accepted", 20L), Map.entry("quarantined", 4L),
                Map.entry("MALFORMED_RECORD", 3L), Map.entry("RULE_FAILED", 1L));
    }

    @Test
    void shouldReportTheRestoredCountsAgainAfterARestartEvenWithNothingNew() {
        // Given counts committed, the last ones not reported
        Task first = new Task(List.of(), NOW);
        first.accepted(4);
        List<ProductStats> before = first.report(1_000);
        first.accepted(1);
        List<KeyValue<Bytes, byte[]>> committed = first.commit();

        // When the task restarts and nothing arrives
        Task second = new Task(committed, NOW + 1_500);
        List<ProductStats> after = second.report(1_000);

        // Then the counts not reported before the restart are reported now, once
        assertThat(before).singleElement().satisfies(r -> assertThat(r.getAccepted()).isEqualTo(4));
        assertThat(after).singleElement().satisfies(r -> {
            assertThat(r.getAccepted()).isEqualTo(5);
            assertThat(r.getLastAcceptedTime()).isEqualTo(Instant.ofEpochMilli(NOW));
            assertThat(r.getWindowStart()).isEqualTo(Instant.ofEpochMilli(NOW - NOW % 60_000));
        });
        assertThat(second.report(1_000)).isEmpty();
    }
}
