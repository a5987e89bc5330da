package dev.meshbone.catalog.topology;

import dev.meshbone.events.CatalogEntry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps this instance's copy of the whole catalog (the global store) and tells the listener of each change. */
final class GlobalCatalogUpdater implements Processor<String, CatalogEntry, Void, Void> {

    private final CatalogChangeListener listener;
    private KeyValueStore<String, CatalogEntry> store;

    GlobalCatalogUpdater(CatalogChangeListener listener) {
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(CatalogTopology.CATALOG_STORE);
    }

    @Override
    public void process(Record<String, CatalogEntry> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        listener.onChange(record.key(), record.value());
    }
}
