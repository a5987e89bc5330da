package dev.meshbone.catalog.topology;

import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.contract.ContractKey;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The catalog topology. Descriptors (keyed by contract key), violations and stats (keyed by product id) and
 * grants (keyed by {@code <product>|<team>}) are
 * turned into {@link CatalogEvent}s keyed by product id and repartitioned together, so all facts about a product
 * meet in one task; {@link CatalogProjector} folds them into the product's {@link CatalogEntry} ({@value
 * #ENTRIES_STORE}) and writes the changed entries to the catalog topic every {@link #EMIT_INTERVAL}. The catalog
 * topic is read back into a global store ({@value #CATALOG_STORE}), so every instance holds, and answers for, every
 * product.
 *
 * <p>Every processor, store and internal topic is named, so upgrades keep their state.
 */
public final class CatalogTopology {

    /** Per-product catalog entries this instance's tasks own (changelogged). */
    public static final String ENTRIES_STORE = "catalog-entries";
    /** How often the projector forwards the entries that changed: a fraction of the 250 ms freshness goal. */
    public static final Duration EMIT_INTERVAL = Duration.ofMillis(50);
    /** Products whose entry changed since it was last forwarded (changelogged). */
    public static final String PENDING_STORE = "catalog-pending";
    /** Descriptors per product and major version (changelogged). */
    public static final String DESCRIPTORS_STORE = "catalog-descriptors";
    /** Latest stats report per product and window, within stats.retention (changelogged). */
    public static final String STATS_WINDOWS_STORE = "catalog-stats-windows";
    /** Consumer teams' grants per product and team (changelogged). */
    public static final String ACCESS_STORE = "catalog-access";
    /** The whole catalog, on every instance: the global store read from the catalog topic. Query this one. */
    public static final String CATALOG_STORE = "catalog";
    /** Name of the repartition topic ({@code <application.id>-catalog-events-repartition}). */
    public static final String EVENTS_REPARTITION = "catalog-events";

    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<CatalogEntry> ENTRY_SERDE = MeshEventSerde.of(CatalogEntry.class);

    private CatalogTopology() {
    }

    /** The topology, with no one listening to catalog changes. */
    public static Topology build(CatalogConfig config) {
        return build(config, CatalogChangeListener.NONE);
    }

    /** The topology; {@code listener} hears every change this instance reads from the catalog topic. */
    public static Topology build(CatalogConfig config, CatalogChangeListener listener) {
        CatalogConfig.Topics topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder();

        // No store is cached: a stats report's delta is the difference to the window it replaces, so the entry and
        // the window must reach their changelogs together (a cached entry lost in a crash, its window not, lost a
        // delta on the replay).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENTRIES_STORE),
                KEYS, ENTRY_SERDE).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                KEYS, Serdes.Long()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DESCRIPTORS_STORE),
                KEYS, MeshEventSerde.of(DataProductDescriptor.class)).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATS_WINDOWS_STORE),
                KEYS, MeshEventSerde.of(ProductStats.class)).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACCESS_STORE),
                KEYS, MeshEventSerde.of(AccessGrant.class)).withCachingDisabled());

        KStream<String, CatalogEvent> descriptors = builder
                .stream(topics.products(), Consumed.with(KEYS, MeshEventSerde.of(DataProductDescriptor.class))
                        .withName("products-source"))
                .flatMap(CatalogTopology::descriptorEvent, Named.as("products-to-catalog-events"));
        KStream<String, CatalogEvent> violations = builder
                .stream(topics.violations(), Consumed.with(KEYS, MeshEventSerde.of(GovernanceViolation.class))
                        .withName("violations-source"))
                .flatMap((key, v) -> v == null ? List.<KeyValue<String, CatalogEvent>>of()
                        : List.of(KeyValue.pair(v.getProductId(), new CatalogEvent.ViolationSeen(v))),
                        Named.as("violations-to-catalog-events"));
        KStream<String, CatalogEvent> stats = builder
                .stream(topics.stats(), Consumed.with(KEYS, MeshEventSerde.of(ProductStats.class))
                        .withName("stats-source"))
                .flatMap((key, s) -> s == null ? List.<KeyValue<String, CatalogEvent>>of()
                        : List.of(KeyValue.pair(s.getProductId(), new CatalogEvent.StatsReported(s))),
                        Named.as("stats-to-catalog-events"));
        KStream<String, CatalogEvent> access = builder
                .stream(topics.access(), Consumed.with(KEYS, MeshEventSerde.of(AccessGrant.class))
                        .withName("access-source"))
                .flatMap(CatalogTopology::accessEvent, Named.as("access-to-catalog-events"));

        descriptors
                .merge(violations, Named.as("merge-violations"))
                .merge(stats, Named.as("merge-stats"))
                .merge(access, Named.as("merge-access"))
                .repartition(Repartitioned.<String, CatalogEvent>as(EVENTS_REPARTITION)
                        .withKeySerde(KEYS).withValueSerde(new CatalogEventSerde()))
                .process(() -> new CatalogProjector(config), Named.as("catalog-projector"),
                        ENTRIES_STORE, PENDING_STORE, DESCRIPTORS_STORE, STATS_WINDOWS_STORE, ACCESS_STORE)
                .to(topics.catalog(), Produced.with(KEYS, ENTRY_SERDE).withName("catalog-sink"));

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CATALOG_STORE), KEYS, ENTRY_SERDE)
                        .withLoggingDisabled(),
                topics.catalog(),
                Consumed.with(KEYS, ENTRY_SERDE).withName("catalog-global-updater"),
                () -> new GlobalCatalogUpdater(listener));
        return builder.build();
    }

    /**
     * A grant record ({@code <product>|<team>}) as a catalog event keyed by product id. The key says whose grant it
     * is (a revoke's tombstone has nothing else); a key without the separator is skipped.
     */
    private static List<KeyValue<String, CatalogEvent>> accessEvent(String key, AccessGrant grant) {
        int separator = key == null ? -1 : key.lastIndexOf(MeshTopics.ACCESS_KEY_SEPARATOR);
        if (separator <= 0 || separator == key.length() - 1) {
            return List.of();
        }
        return List.of(KeyValue.pair(key.substring(0, separator),
                new CatalogEvent.AccessChanged(key.substring(separator + 1), grant)));
    }

    /**
     * A descriptor record as a catalog event keyed by product id. The key says which major it is (a tombstone has
     * nothing else); a key that is not a contract key falls back to the descriptor's own id and major.
     */
    private static List<KeyValue<String, CatalogEvent>> descriptorEvent(String key, DataProductDescriptor d) {
        return ContractKey.tryParse(key)
                .map(k -> List.of(KeyValue.<String, CatalogEvent>pair(k.product().toString(),
                        new CatalogEvent.DescriptorChanged(k.majorVersion(), d))))
                .orElseGet(() -> d == null ? List.of()
                        : List.of(KeyValue.pair(d.getId(), new CatalogEvent.DescriptorChanged(d.getMajorVersion(), d))));
    }
}
