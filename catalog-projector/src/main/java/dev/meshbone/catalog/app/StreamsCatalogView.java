package dev.meshbone.catalog.app;

import dev.meshbone.catalog.api.CatalogView;
import dev.meshbone.catalog.topology.CatalogTopology;
import dev.meshbone.events.CatalogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The catalog as this instance's global store holds it: every product, whichever instance's task projected it, so
 * any instance answers for all (interactive queries without forwarding).
 */
final class StreamsCatalogView implements CatalogView {

    private final KafkaStreams streams;

    StreamsCatalogView(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<CatalogEntry> get(String productId) {
        return read(store -> Optional.ofNullable(store.get(productId)));
    }

    @Override
    public List<CatalogEntry> all() {
        return read(store -> {
            List<CatalogEntry> all = new ArrayList<>();
            try (KeyValueIterator<String, CatalogEntry> it = store.all()) {
                it.forEachRemaining(kv -> all.add(kv.value));
            }
            return all;
        });
    }

    @Override
    public long size() {
        return read(ReadOnlyKeyValueStore::approximateNumEntries);
    }

    private <T> T read(Function<ReadOnlyKeyValueStore<String, CatalogEntry>, T> query) {
        try {
            return query.apply(streams.store(StoreQueryParameters.fromNameAndType(CatalogTopology.CATALOG_STORE,
                    QueryableStoreTypes.<String, CatalogEntry>keyValueStore())));
        } catch (InvalidStateStoreException e) {
            throw new UnavailableException("Kafka Streams is " + streams.state(), e);
        }
    }
}
