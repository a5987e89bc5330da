package dev.meshbone.governance.contract;

import dev.meshbone.events.DataProductDescriptor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@link ContractStore} in step with {@code mesh.products}. On start it loads the index from the
 * (restored) store, since restoration fills the store without calling this processor. Runs on the global stream
 * thread, which never waits for a topic to be created (see {@link ContractIndex}).
 */
public final class ContractStoreUpdater implements Processor<String, DataProductDescriptor, Void, Void> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ContractStoreUpdater.class);

    private final String storeName;
    private ContractStore store;

    public ContractStoreUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        LOGGER.info("Contract index loaded: {} products", store.loadIndex());
    }

    @Override
    public void process(Record<String, DataProductDescriptor> record) {
        if (record.key() == null) {
            LOGGER.warn("Ignoring a mesh.products record without a key");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        store.put(record.key(), record.value());
        LOGGER.info("Contract {} v{} is {}", record.value().getId(), record.value().getMajorVersion(),
                record.value().getStatus());
    }
}
