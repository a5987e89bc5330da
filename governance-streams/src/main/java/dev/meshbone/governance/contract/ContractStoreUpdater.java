package dev.meshbone.governance.contract;

import dev.meshbone.events.DataProductDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global contract store and the {@link ContractIndex} in step with {@code mesh.products}. On start it
 * loads the index from the (restored) store, since restoration fills the store without calling this processor. Runs
 * on the global stream thread, which never waits for a topic to be created (see {@link ContractIndex}).
 */
public final class ContractStoreUpdater implements Processor<String, DataProductDescriptor, Void, Void> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ContractStoreUpdater.class);
    private static final Pattern CONTRACT_KEY = Pattern.compile("(.+)\\.v(\\d+)");

    private final String storeName;
    private final ContractIndex index;
    private KeyValueStore<String, DataProductDescriptor> store;

    public ContractStoreUpdater(String storeName, ContractIndex index) {
        this.storeName = storeName;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        List<DataProductDescriptor> restored = new ArrayList<>();
        try (KeyValueIterator<String, DataProductDescriptor> all = store.all()) {
            all.forEachRemaining(kv -> restored.add(kv.value));
        }
        // Their public topics are ensured again (in the background): a contract is in force once its topic exists.
        index.putAll(restored);
        LOGGER.info("Contract index loaded: {} contracts, {} products in force", restored.size(), index.size());
    }

    @Override
    public void process(Record<String, DataProductDescriptor> record) {
        if (record.key() == null) {
            LOGGER.warn("Ignoring a mesh.products record without a key");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            Matcher m = CONTRACT_KEY.matcher(record.key());
            if (m.matches()) {
                index.remove(m.group(1), Integer.parseInt(m.group(2)));
            }
            return;
        }
        store.put(record.key(), record.value());
        index.put(record.value());
        LOGGER.info("Contract {} v{} is {}", record.value().getId(), record.value().getMajorVersion(),
                record.value().getStatus());
    }
}
