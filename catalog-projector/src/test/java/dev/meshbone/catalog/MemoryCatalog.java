package dev.meshbone.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.catalog.api.CatalogIndex;
import dev.meshbone.catalog.api.CatalogQueries;
import dev.meshbone.catalog.api.CatalogView;
import dev.meshbone.catalog.api.Dto;
import dev.meshbone.catalog.web.CatalogHttpServer;
import dev.meshbone.catalog.web.LiveUpdates;
import dev.meshbone.events.CatalogEntry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Catalog entries held in memory and served by the real HTTP server, for tests of the API and the page without a
 * broker: what {@link #put} adds is visible at once and sent on the live stream, as the projector's changes are.
 */
public final class MemoryCatalog implements CatalogView, AutoCloseable {

    private final NavigableMap<String, CatalogEntry> entries = new ConcurrentSkipListMap<>();
    private final CatalogIndex index;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final LiveUpdates live;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<CatalogHttpServer> servers = new CopyOnWriteArrayList<>();
    private volatile String unreadable; // why the catalog cannot be read now, or null

    public MemoryCatalog(Clock clock, Map<String, CatalogEntry> entries) {
        this.clock = clock;
        this.entries.putAll(entries);
        this.live = new LiveUpdates(mapper);
        this.index = new CatalogIndex(this, clock);
    }

    /** Starts a server on a free port of 127.0.0.1; it closes with this catalog's {@link #close}. */
    public CatalogHttpServer serve(List<String> corsOrigins) {
        CatalogQueries queries = new CatalogQueries(this, index, clock,
                () -> new Dto.Quarantine("mesh.governance.quarantine", 604_800_000L));
        CatalogHttpServer server = CatalogHttpServer.start("127.0.0.1", 0, corsOrigins, new CatalogHttpServer.Routes(
                queries, live, () -> new Dto.Health(unreadable == null ? "UP" : "DOWN", "RUNNING", entries.size()),
                metrics, mapper));
        servers.add(server);
        return server;
    }

    /** Adds or replaces an entry, as a change read from the catalog topic. */
    public void put(CatalogEntry entry) {
        entries.put(entry.getId(), entry);
        index.onChange(entry.getId(), entry).ifPresent(live::changed);
    }

    /** From now on every read fails as while Kafka Streams rebalances (null: readable again). */
    public void unreadable(String why) {
        unreadable = why;
    }

    /** The live stream the servers send. */
    public LiveUpdates live() {
        return live;
    }

    @Override
    public Optional<CatalogEntry> get(String productId) {
        check();
        return Optional.ofNullable(entries.get(productId));
    }

    @Override
    public List<CatalogEntry> all() {
        check();
        return List.copyOf(entries.values());
    }

    @Override
    public long size() {
        return entries.size();
    }

    private void check() {
        String why = unreadable;
        if (why != null) {
            throw new CatalogView.UnavailableException(why, null);
        }
    }

    @Override
    public void close() {
        live.close();
        servers.forEach(CatalogHttpServer::close);
    }
}
