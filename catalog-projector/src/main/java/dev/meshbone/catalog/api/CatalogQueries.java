package dev.meshbone.catalog.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the HTTP API asks of the catalog, answered as DTOs. */
public final class CatalogQueries {

    private final CatalogView view;
    private final Clock clock;

    public CatalogQueries(CatalogView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    /** The products the filter matches, ordered by id. */
    public Dto.ProductList list(ProductFilter filter) {
        Instant now = clock.instant();
        List<Dto.ProductSummary> rows = view.all().stream()
                .map(e -> ProductViews.detail(e, now))
                .filter(filter)
                .map(Dto.ProductDetail::summary)
                .toList();
        return new Dto.ProductList(rows.size(), rows);
    }

    /** One product. */
    public Optional<Dto.ProductDetail> product(String id) {
        return view.get(id).map(e -> ProductViews.detail(e, clock.instant()));
    }

    /** One product's recent violations, newest first. */
    public Optional<Dto.ViolationList> violations(String id) {
        return view.get(id).map(ProductViews::violations)
                .map(v -> new Dto.ViolationList(id, v.size(), v));
    }

    /** The domains, with their product counts. */
    public Dto.DomainList domains() {
        Instant now = clock.instant();
        Map<String, List<Dto.ProductDetail>> byDomain = new TreeMap<>();
        view.all().forEach(e -> byDomain.computeIfAbsent(e.getDomain(), d -> new ArrayList<>())
                .add(ProductViews.detail(e, now)));
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
