package dev.meshbone.governance.stats;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A task's running counts ({@link ProductCounts}' form, changelogged) that its {@link StatsCounter} writes once per
 * commit instead of once per record: Kafka Streams flushes every store's cache before it commits the task's
 * transaction ({@code flushCache}, the hook its own caching layer uses), and this store runs the counter's
 * {@link #beforeCommit(Runnable) hook} there first, so the counts of every record the transaction covers reach the
 * changelog in that transaction. Not a {@code KeyValueStore}, so a processor gets this very object from
 * {@code context.getStateStore}, not a decorator.
 */
public final class StatsStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]> {

    private Runnable beforeCommit = () -> { };

    StatsStore(KeyValueStore<Bytes, byte[]> counts) {
        super(counts);
    }

    /**
     * The store's builder: an in-memory, changelogged key-value store without a cache (it is written per commit). In
     * memory because it is small (a few counts per product) and because, under exactly-once, a crash leaves a
     * persistent store without its checkpoint: Kafka Streams then wipes it, restores it from the changelog all the
     * same, and triggers one more rebalance on the way, which a restarted instance would wait for.
     */
    public static StoreBuilder<StatsStore> builder(String name) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled());
    }

    /** What runs on the stream thread before each commit of the task (and before it is closed cleanly). */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
        super.flushCache();
    }

    /** The counts written so far, by store key. */
    public KeyValueIterator<Bytes, byte[]> all() {
        return wrapped().all();
    }

    void put(Bytes key, byte[] value) {
        wrapped().put(key, value);
    }

    void delete(Bytes key) {
        wrapped().delete(key);
    }

    private record Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> counts) implements StoreBuilder<StatsStore> {

        @Override
        public StoreBuilder<StatsStore> withCachingEnabled() {
            throw new UnsupportedOperationException("the stats store is written once per commit, without a cache");
        }

        @Override
        public StoreBuilder<StatsStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<StatsStore> withLoggingEnabled(Map<String, String> config) {
            counts.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<StatsStore> withLoggingDisabled() {
            throw new UnsupportedOperationException("the stats store's changelog is what makes its counts exact");
        }

        @Override
        public StatsStore build() {
            return new StatsStore(counts.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return counts.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return counts.loggingEnabled();
        }

        @Override
        public String name() {
            return counts.name();
        }
    }
}
