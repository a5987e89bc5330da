package dev.meshbone.catalog.topology;

import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.Counts;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds every fact about a product into its catalog entry and forwards the changed entries every {@link
 * CatalogTopology#EMIT_INTERVAL}, each once however often it changed meanwhile: a product with hundreds of
 * violations a second rewrote its whole entry (a few KiB, with its recent violations) to the catalog topic hundreds
 * of times a second, which every instance's global store then restored at start. The products still to forward are
 * a store of their own ({@value CatalogTopology#PENDING_STORE}), so a crash between a change and its forward does
 * not lose it.
 *
 * <p>A wall-clock punctuation re-evaluates the SLOs of the products of this task, so freshness turns red when
 * nothing arrives, and drops stats windows past retention: a slice of the products at a time, {@value #SLICES} slices per evaluation
 * interval, so that the stream thread never stops for the whole catalog (with 10 000 products that stop held
 * every change behind it for up to seconds).
 */
final class CatalogProjector implements Processor<String, CatalogEvent, String, CatalogEntry> {

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogProjector.class);
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    static final int SLICES = 50;

    private final Duration evaluationInterval;
    private final Duration statsRetention;
    private final int recentViolations;

    private ProcessorContext<String, CatalogEntry> context;
    private KeyValueStore<String, CatalogEntry> entries;
    private KeyValueStore<String, DataProductDescriptor> descriptors;
    private KeyValueStore<String, ProductStats> windows;
    private KeyValueStore<String, AccessGrant> access;
    private KeyValueStore<String, Long> pending; // product id -> timestamp of its first change not yet forwarded
    private String nextToEvaluate; // where the next slice starts; null: at the first product

    CatalogProjector(CatalogConfig config) {
        this.evaluationInterval = config.sloEvaluationInterval();
        this.statsRetention = config.statsRetention();
        this.recentViolations = config.recentViolations();
    }

    @Override
    public void init(ProcessorContext<String, CatalogEntry> context) {
        this.context = context;
        this.entries = context.getStateStore(CatalogTopology.ENTRIES_STORE);
        this.descriptors = context.getStateStore(CatalogTopology.DESCRIPTORS_STORE);
        this.windows = context.getStateStore(CatalogTopology.STATS_WINDOWS_STORE);
        this.access = context.getStateStore(CatalogTopology.ACCESS_STORE);
        this.pending = context.getStateStore(CatalogTopology.PENDING_STORE);
        context.schedule(CatalogTopology.EMIT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::emitPending);
        context.schedule(Duration.ofMillis(Math.max(1, evaluationInterval.toMillis() / SLICES)),
                PunctuationType.WALL_CLOCK_TIME, this::evaluateSlice);
    }

    @Override
    public void process(Record<String, CatalogEvent> record) {
        String productId = record.key();
        if (productId == null || record.value() == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        CatalogEntry existing = entries.get(productId);
        CatalogEntry base = existing != null ? existing
                : CatalogEntries.newEntry(productId, Instant.ofEpochMilli(record.timestamp()), now);
        CatalogEntry updated;
        CatalogEvent event = record.value();
        if (event instanceof CatalogEvent.DescriptorChanged changed) {
            String key = ProductKeys.descriptorKey(productId, changed.majorVersion());
            if (changed.removed()) {
                descriptors.delete(key);
            } else {
                descriptors.put(key, changed.descriptor());
            }
            List<DataProductDescriptor> majors = values(descriptors, productId);
            if (majors.isEmpty()) {
                if (existing != null) {
                    remove(productId, record.timestamp());
                }
                return;
            }
            updated = CatalogEntries.withDescriptors(base, majors, now);
        } else if (event instanceof CatalogEvent.AccessChanged changed) {
            String key = ProductKeys.accessKey(productId, changed.team());
            if (changed.revoked()) {
                access.delete(key);
            } else {
                access.put(key, changed.grant());
            }
            if (existing == null) {
                return; // kept for when the product appears; a grant alone makes no entry
            }
            updated = CatalogEntry.newBuilder(base).setUpdatedAt(now).build();
        } else if (event instanceof CatalogEvent.ViolationSeen seen) {
            updated = CatalogEntries.withViolation(base, seen.violation(), recentViolations, now);
        } else {
            ProductStats stats = ((CatalogEvent.StatsReported) event).stats();
            if (stats.getWindowStart().plus(statsRetention).isBefore(now)) {
                LOGGER.debug("Ignoring stats of {} for window {}: older than stats.retention", productId,
                        stats.getWindowStart());
                return;
            }
            String key = ProductKeys.windowKey(productId, stats.getWindowStart().toEpochMilli(), stats.getPart());
            ProductStats previous = windows.get(key);
            windows.put(key, stats);
            updated = CatalogEntries.withStats(base, previous, stats, now);
        }
        updated = CatalogEntries.withAccess(updated, values(access, productId));
        // A violation changes no stats window: its last-hour counts stand (the punctuation ages them), which spares
        // a scan of up to an hour of windows per violation, the bulk of a catch-up after a restart.
        Counts lastHour = event instanceof CatalogEvent.ViolationSeen && base.getCountsLastHour() != null
                ? base.getCountsLastHour() : CatalogEntries.lastHour(values(windows, productId), now);
        updated = CatalogEntries.evaluated(updated, lastHour, now);
        entries.put(productId, updated);
        markChanged(productId, record.timestamp());
    }

    /** Marks the product for the next emission, once: a product changing 300 times a second writes one mark. */
    private void markChanged(String productId, long timestamp) {
        if (pending.get(productId) == null) {
            pending.put(productId, timestamp);
        }
    }

    /** Forwards the entry (or the tombstone) of every product changed since the last emission. */
    private void emitPending(long wallClockMillis) {
        List<KeyValue<String, Long>> changed = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pending.all()) {
            it.forEachRemaining(changed::add);
        }
        for (KeyValue<String, Long> kv : changed) {
            context.forward(new Record<>(kv.key, entries.get(kv.key), kv.value));
            pending.delete(kv.key);
        }
    }

    /**
     * The punctuation: re-evaluates the next slice of this task's entries (a {@value #SLICES}th of them, at least
     * one; from the first again after the last); writes only those whose verdict changed.
     */
    private void evaluateSlice(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        long size = Math.max(1, (entries.approximateNumEntries() + SLICES - 1) / SLICES);
        List<KeyValue<String, CatalogEntry>> slice = new ArrayList<>();
        try (KeyValueIterator<String, CatalogEntry> it = nextToEvaluate == null ? entries.all()
                : entries.range(nextToEvaluate, null)) {
            while (it.hasNext() && slice.size() < size) {
                slice.add(it.next());
            }
            nextToEvaluate = it.hasNext() ? it.peekNextKey() : null;
        }
        for (KeyValue<String, CatalogEntry> kv : slice) {
            CatalogEntry evaluated = CatalogEntries.evaluated(kv.value,
                    CatalogEntries.lastHour(liveWindows(kv.key, now), now), now);
            if (!CatalogEntries.sameVerdict(kv.value, evaluated)) {
                CatalogEntry changed = CatalogEntry.newBuilder(evaluated).setUpdatedAt(now).build();
                entries.put(kv.key, changed);
                markChanged(kv.key, wallClockMillis);
            }
        }
    }

    /** The product's stats windows within retention; deletes those past it. */
    private List<ProductStats> liveWindows(String productId, Instant now) {
        Instant oldest = now.minus(statsRetention);
        List<ProductStats> live = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, ProductStats> it = windows.prefixScan(ProductKeys.prefix(productId),
                PREFIX_SERIALIZER)) {
            it.forEachRemaining(kv -> {
                if (kv.value.getWindowStart().isBefore(oldest)) {
                    expired.add(kv.key);
                } else {
                    live.add(kv.value);
                }
            });
        }
        expired.forEach(windows::delete);
        return live;
    }

    private void remove(String productId, long timestamp) {
        entries.delete(productId);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ProductStats> it = windows.prefixScan(ProductKeys.prefix(productId),
                PREFIX_SERIALIZER)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(windows::delete);
        markChanged(productId, timestamp); // forwarded as a tombstone
    }

    private static <V> List<V> values(KeyValueStore<String, V> store, String productId) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(ProductKeys.prefix(productId), PREFIX_SERIALIZER)) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }
}
