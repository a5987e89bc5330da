package dev.meshbone.governance.contract;

import dev.meshbone.events.DataProductDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The global store of the contracts in force ({@code mesh.products}): their descriptors on disk, by contract key, and
 * the same contracts compiled in a {@link ContractIndex}. Processors read it by name,
 * {@code context.getStateStore(name)}, like any global store; only {@link ContractStoreUpdater} writes it, on the
 * global thread. Not a {@link KeyValueStore}, so Kafka Streams hands processors this very object (it wraps key-value
 * stores in read-only decorators) and a read is a map lookup, never a descriptor decoded per record.
 */
public final class ContractStore implements StateStore {

    private static final Pattern CONTRACT_KEY = Pattern.compile("(.+)\\.v(\\d+)");

    private final KeyValueStore<String, DataProductDescriptor> descriptors;
    private final ContractIndex index;

    private ContractStore(KeyValueStore<String, DataProductDescriptor> descriptors, ContractIndex index) {
        this.descriptors = descriptors;
        this.index = index;
    }

    /**
     * The store's builder: a persistent key-value store without changelog (the topic is its changelog), kept in step
     * with {@code index}.
     */
    public static StoreBuilder<ContractStore> builder(String name, Serde<DataProductDescriptor> descriptors,
                                                      ContractIndex index) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                descriptors).withLoggingDisabled(), index);
    }

    /** The product's contracts in force, if any was announced. */
    public Optional<ProductContracts> product(String productId) {
        return index.product(productId);
    }

    /**
     * The descriptor in force, or announced and waiting for its public topic, of one major version: what an
     * announcement is checked against.
     */
    public Optional<DataProductDescriptor> descriptor(String productId, int majorVersion) {
        return index.descriptor(productId, majorVersion);
    }

    /** True when the product's contract is announced but its public topic does not exist yet. */
    public boolean awaitingTopic(String productId) {
        return index.awaitingTopic(productId);
    }

    /** Compiles every descriptor on disk into the index: restoration fills the disk without the updater. */
    int loadIndex() {
        List<DataProductDescriptor> restored = new ArrayList<>();
        try (KeyValueIterator<String, DataProductDescriptor> all = descriptors.all()) {
            all.forEachRemaining(kv -> restored.add(kv.value));
        }
        // Their public topics are ensured again, in one batch in the background: in force once each exists.
        index.putAll(restored);
        return index.size();
    }

    void put(String key, DataProductDescriptor descriptor) {
        descriptors.put(key, descriptor);
        index.put(descriptor);
    }

    /** A tombstone on {@code mesh.products}: the major under that contract key is no longer in force. */
    void delete(String key) {
        descriptors.delete(key);
        Matcher m = CONTRACT_KEY.matcher(key);
        if (m.matches()) {
            index.remove(m.group(1), Integer.parseInt(m.group(2)));
        }
    }

    @Override
    public String name() {
        return descriptors.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        descriptors.init(context, root);
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        descriptors.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return descriptors.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return descriptors.managesOffsets();
    }

    @Override
    public void close() {
        descriptors.close();
    }

    @Override
    public boolean persistent() {
        return descriptors.persistent();
    }

    @Override
    public boolean isOpen() {
        return descriptors.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return descriptors.query(query, positionBound, config);
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return descriptors.approximateNumUncommittedBytes();
    }

    @Override
    public Position getPosition() {
        return descriptors.getPosition();
    }

    /** Builds the descriptors' store as Kafka Streams configures it, then wraps it with the index. */
    private record Builder(StoreBuilder<KeyValueStore<String, DataProductDescriptor>> descriptors, ContractIndex index)
            implements StoreBuilder<ContractStore> {

        @Override
        public StoreBuilder<ContractStore> withCachingEnabled() {
            descriptors.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<ContractStore> withCachingDisabled() {
            descriptors.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<ContractStore> withLoggingEnabled(Map<String, String> config) {
            descriptors.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<ContractStore> withLoggingDisabled() {
            descriptors.withLoggingDisabled();
            return this;
        }

        @Override
        public ContractStore build() {
            return new ContractStore(descriptors.build(), index);
        }

        @Override
        public Map<String, String> logConfig() {
            return descriptors.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return descriptors.loggingEnabled();
        }

        @Override
        public String name() {
            return descriptors.name();
        }
    }
}
