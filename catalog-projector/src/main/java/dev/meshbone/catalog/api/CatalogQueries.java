package dev.meshbone.catalog.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the HTTP API asks of the catalog, answered as DTOs. Lists and domains come from the {@link CatalogIndex},
 * kept current change by change; one product is read fresh from the view.
 */
public final class CatalogQueries {

    private final CatalogView view;
    private final CatalogIndex index;
    private final Clock clock;
    private final Supplier<Dto.Quarantine> quarantine;

    /** @param quarantine the quarantine in force, shown with each product; cheap (it is read ahead, not per call) */
    public CatalogQueries(CatalogView view, CatalogIndex index, Clock clock, Supplier<Dto.Quarantine> quarantine) {
        this.view = view;
        this.index = index;
        this.clock = clock;
        this.quarantine = quarantine;
    }

    /** One page of the products the filter matches, ordered by id, with how many match in all. */
    public Dto.ProductList list(ProductQuery query) {
        Instant now = clock.instant();
        List<Dto.ProductSummary> page = new ArrayList<>();
        int total = 0;
        for (CatalogIndex.ProductRow row : index.rows()) {
            if (query.filter().test(row)) {
                if (total >= query.offset() && page.size() < query.limit()) {
                    page.add(ProductViews.at(row.summary(), now));
                }
                total++;
            }
        }
        return new Dto.ProductList(total, query.offset(), query.limit(), page.size(), List.copyOf(page));
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
        Map<String, List<Dto.ProductSummary>> byDomain = new TreeMap<>();
        index.rows().forEach(r -> byDomain.computeIfAbsent(r.summary().domain(), d -> new ArrayList<>())
                .add(r.summary()));
        List<Dto.Domain> domains = byDomain.entrySet().stream().map(d -> new Dto.Domain(d.getKey(),
                d.getValue().size(),
                (int) d.getValue().stream().filter(p -> ProductViews.BREACHED.equals(p.slo().state())).count(),
                (int) d.getValue().stream().filter(p -> !p.registered()).count(),
                List.copyOf(new TreeSet<>(d.getValue().stream().map(Dto.ProductSummary::owner)
                        .filter(Objects::nonNull).toList())))).toList();
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
