package dev.meshbone.catalog.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the HTTP API asks of the catalog, answered as DTOs. Lists and domains come from a snapshot of every product
 * that is rebuilt when the catalog changes (the version moves) and at least once a second (the time since the last
 * accepted record moves); one product is always read fresh.
 */
public final class CatalogQueries {

    private static final long SNAPSHOT_MILLIS = 1000;

    private final CatalogView view;
    private final Clock clock;
    private final LongSupplier version;
    private final Supplier<Dto.Quarantine> quarantine;
    private volatile Snapshot snapshot;

    private record Snapshot(long version, long takenAt, List<Dto.ProductDetail> products) {
    }

    /**
     * @param version    the catalog's change counter: a new value whenever an entry changed (a supplier that never
     *                   returns the same value twice turns the snapshot off)
     * @param quarantine the quarantine in force, shown with each product; cheap (it is read ahead, not per call)
     */
    public CatalogQueries(CatalogView view, Clock clock, LongSupplier version, Supplier<Dto.Quarantine> quarantine) {
        this.view = view;
        this.clock = clock;
        this.version = version;
        this.quarantine = quarantine;
    }

    /** Every product as of now, ordered by id. */
    private List<Dto.ProductDetail> all() {
        long v = version.getAsLong();
        long now = clock.millis();
        Snapshot s = snapshot;
        if (s != null && s.version() == v && now - s.takenAt() < SNAPSHOT_MILLIS && now >= s.takenAt()) {
            return s.products();
        }
        Instant at = Instant.ofEpochMilli(now);
        List<Dto.ProductDetail> products = view.all().stream().map(e -> ProductViews.detail(e, at, null)).toList();
        snapshot = new Snapshot(v, now, products);
        return products;
    }

    /** One page of the products the filter matches, ordered by id, with how many match in all. */
    public Dto.ProductList list(ProductQuery query) {
        List<Dto.ProductDetail> matches = query.filter() == ProductFilter.NONE ? all()
                : all().stream().filter(query.filter()).toList();
        int from = Math.min(query.offset(), matches.size());
        int to = (int) Math.min((long) from + query.limit(), matches.size());
        List<Dto.ProductSummary> rows = matches.subList(from, to).stream().map(Dto.ProductDetail::summary).toList();
        return new Dto.ProductList(matches.size(), query.offset(), query.limit(), rows.size(), rows);
    }

    /** One product. */
    public Optional<Dto.ProductDetail> product(String id) {
        return view.get(id).map(e -> ProductViews.detail(e, clock.instant(), quarantine.get()));
    }

    /** One product's recent violations, newest first. */
    public Optional<Dto.ViolationList> violations(String id) {
        return view.get(id).map(ProductViews::violations)
                .map(v -> new Dto.ViolationList(id, v.size(), v));
    }

    /** The domains, with their product counts. */
    public Dto.DomainList domains() {
        Map<String, List<Dto.ProductDetail>> byDomain = new TreeMap<>();
        all().forEach(p -> byDomain.computeIfAbsent(p.domain(), d -> new ArrayList<>()).add(p));
        List<Dto.Domain> domains = byDomain.entrySet().stream().map(d -> new Dto.Domain(d.getKey(),
                d.getValue().size(),
                (int) d.getValue().stream().filter(p -> ProductViews.BREACHED.equals(p.slo().state())).count(),
                (int) d.getValue().stream().filter(p -> !p.registered()).count(),
                List.copyOf(new TreeSet<>(d.getValue().stream().filter(p -> p.owner() != null)
                        .map(p -> p.owner().team()).toList())))).toList();
        return new Dto.DomainList(domains.size(), domains);
    }

    /** How many products the catalog holds. */
    public long size() {
        return view.size();
    }

    /** The clock the views are computed with. */
    public Clock clock() {
        return clock;
    }
}
