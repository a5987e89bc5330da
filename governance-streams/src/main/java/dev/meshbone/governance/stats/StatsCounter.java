package dev.meshbone.governance.stats;

import dev.meshbone.events.ProductStats;
import dev.meshbone.governance.routing.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Counts, in the stream task that routed them, accepted records and violation events per product and per window of
 * the wall clock, and reports each window's running total once per emit interval (not once per record).
 *
 * <p>Exactly once without a record per record: counts are kept in memory and written to the task's changelogged
 * {@link StatsStore} just before each commit, so each commit writes the latest counts of each window that changed
 * once, in the same transaction as the records counted; a crash rolls both back together. A report is the task's
 * running total of the window, which replaces the task's earlier report of it ({@link ProductStats#getPart()}), so
 * a report sent again after a restart changes nothing. Windows are of the wall clock (when governance decided), so
 * no record arrives late for a window already reported.
 *
 * @param <K> the key of the records counted (not read)
 */
public final class StatsCounter<K> implements Processor<K, Outcome, String, ProductStats> {

    /**
     * @param storeName    the task's counts, a {@link StatsStore}
     * @param window       size of a window
     * @param emitInterval how often the windows counted since the last report are reported
     * @param keep         how long a window stays in the store after its end, so that a clock that steps back (or
     *                     an instance with a slower one) does not open it again
     * @param partPrefix   the reports' part, before the task's partition: one per sub-topology that counts
     */
    public record Settings(String storeName, Duration window, Duration emitInterval, Duration keep,
                           String partPrefix) {
    }

    private final Settings settings;
    private final long windowMillis;
    private final Map<Bytes, ProductCounts> windows = new HashMap<>();
    private final Map<String, ProductCounts> newestByProduct = new HashMap<>();
    private long newestWindow = Long.MIN_VALUE;
    private String part;
    private ProcessorContext<String, ProductStats> context;
    private StatsStore store;

    public StatsCounter(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, ProductStats> context) {
        this.context = context;
        this.store = context.getStateStore(settings.storeName());
        // Called again when the task is revived after an aborted transaction: only what the store holds counts.
        windows.clear();
        newestByProduct.clear();
        newestWindow = Long.MIN_VALUE;
        // One part per task: the task's partition is what its store's changelog partition is, whichever instance
        // runs it.
        this.part = settings.partPrefix() + context.taskId().partition();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            all.forEachRemaining(kv -> remember(ProductCounts.decode(kv.key, kv.value)));
        }
        store.beforeCommit(this::store);
        context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::report);
    }

    @Override
    public void process(Record<K, Outcome> record) {
        if (record.value() instanceof Outcome.Accepted accepted) {
            current(accepted.productId()).accepted(record.timestamp());
        } else if (record.value() instanceof Outcome.Violation violation) {
            current(violation.productId()).violation(violation.event());
        } // a quarantined record counts by its violation event
    }

    /** Before each commit: the counts that changed since the last one, into the store. */
    private void store() {
        for (ProductCounts counts : windows.values()) {
            if (counts.unstored()) {
                store.put(counts.storeKey(), counts.encode());
                counts.stored();
            }
        }
    }

    /** The product's counts in the window of now, never in a window older than one this task has counted in. */
    private ProductCounts current(String productId) {
        long now = context.currentSystemTimeMs();
        long start = Math.max(now - Math.floorMod(now, windowMillis), newestWindow);
        ProductCounts counts = newestByProduct.get(productId);
        if (counts == null || counts.windowStart() != start) {
            counts = new ProductCounts(productId, start);
            remember(counts);
        }
        return counts;
    }

    private void remember(ProductCounts counts) {
        windows.put(counts.storeKey(), counts);
        newestByProduct.merge(counts.productId(), counts, (a, b) -> a.windowStart() >= b.windowStart() ? a : b);
        newestWindow = Math.max(newestWindow, counts.windowStart());
    }

    /** Wall-clock punctuation: reports every window counted since the last report, then forgets old windows. */
    private void report(long now) {
        List<ProductCounts> done = new ArrayList<>();
        for (ProductCounts counts : windows.values()) {
            if (counts.unreported()) {
                context.forward(new Record<>(counts.productId(), counts.toStats(settings.window(), part), now));
                counts.reported();
            }
            if (counts.windowStart() + windowMillis + settings.keep().toMillis() <= now) {
                done.add(counts);
            }
        }
        for (ProductCounts counts : done) {
            windows.remove(counts.storeKey());
            newestByProduct.remove(counts.productId(), counts);
            store.delete(counts.storeKey());
        }
    }
}
