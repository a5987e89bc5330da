package dev.meshbone.governance.keys;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global key store in step with {@code mesh.keys}, and evicts a key from the cache the moment its tombstone
 * arrives. The values stay wrapped (as on the topic); nothing here is logged: record keys are subject hashes.
 */
public final class KeyStoreUpdater implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private final DataKeyCache cache;
    private KeyValueStore<String, byte[]> store;

    public KeyStoreUpdater(String storeName, DataKeyCache cache) {
        this.storeName = storeName;
        this.cache = cache;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            cache.erased(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
