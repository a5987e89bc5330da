package dev.meshbone.catalog.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The filters of {@code GET /api/products}, all optional and combined with AND: {@code domain}, {@code owner}
 * (team or contact), {@code tag}, {@code status} (ACTIVE, DEPRECATED, RETIRED, UNREGISTERED), {@code pii}
 * (true/false), {@code slo} (breached/ok) and {@code q} (words that must all appear in the id, title,
 * description, owner, tags or field names; case-insensitive).
 */
public record ProductFilter(String domain, String owner, String tag, String status, Boolean pii, Boolean sloBreached,
                            List<String> words) implements Predicate<CatalogIndex.ProductRow> {

    /** The query parameters it understands. */
    public static final Set<String> PARAMETERS = Set.of("domain", "owner", "tag", "status", "pii", "slo", "q");
    private static final Set<String> STATUSES = Set.of("ACTIVE", "DEPRECATED", "RETIRED", ProductViews.UNREGISTERED);

    /** Matches everything. */
    public static final ProductFilter NONE = new ProductFilter(null, null, null, null, null, null, List.of());

    public ProductFilter {
        words = List.copyOf(words);
    }

    /** A parsed filter, or why the query is not one. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    /** The query is a filter. */
    public record Valid(ProductFilter filter) implements Parsed {
    }

    /** The query is not a filter; {@code message} says which parameter is wrong and what it accepts. */
    public record Invalid(String message) implements Parsed {
    }

    /** Parses the filter parameters; {@link ProductQuery#parse} has refused unknown and repeated ones. */
    static Parsed parse(Map<String, List<String>> query) {
        String status = upper(value(query, "status"));
        if (status != null && !STATUSES.contains(status)) {
            return new Invalid("status must be one of " + STATUSES.stream().sorted().toList() + ", not '"
                    + value(query, "status") + "'");
        }
        String pii = lower(value(query, "pii"));
        if (pii != null && !pii.equals("true") && !pii.equals("false")) {
            return new Invalid("pii must be true or false, not '" + value(query, "pii") + "'");
        }
        String slo = lower(value(query, "slo"));
        if (slo != null && !slo.equals("breached") && !slo.equals("ok")) {
            return new Invalid("slo must be breached or ok, not '" + value(query, "slo") + "'");
        }
        String q = value(query, "q");
        List<String> words = q == null ? List.of() : Arrays.stream(q.toLowerCase(Locale.ROOT).split("\\s+"))
                .filter(w -> !w.isEmpty()).toList();
        return new Valid(new ProductFilter(value(query, "domain"), value(query, "owner"), value(query, "tag"), status,
                pii == null ? null : Boolean.valueOf(pii), slo == null ? null : slo.equals("breached"), words));
    }

    @Override
    public boolean test(CatalogIndex.ProductRow row) {
        Dto.ProductSummary p = row.summary();
        return (domain == null || domain.equalsIgnoreCase(p.domain()))
                && (owner == null || owner.equalsIgnoreCase(p.owner()) || owner.equalsIgnoreCase(row.ownerContact()))
                && (tag == null || p.tags().stream().anyMatch(tag::equalsIgnoreCase))
                && (status == null || status.equals(p.status()))
                && (pii == null || pii == p.pii())
                && (sloBreached == null || sloBreached == ProductViews.BREACHED.equals(p.slo().state()))
                && words.stream().allMatch(row.text()::contains);
    }

    private static String value(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return null;
        }
        return values.get(0).trim();
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
