package dev.meshbone.catalog.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request of {@code GET /api/products}: the {@link ProductFilter} and the page, {@code offset} (default 0) and
 * {@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) into the matches ordered by id.
 */
public record ProductQuery(ProductFilter filter, int offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** The paging parameters, beside {@link ProductFilter#PARAMETERS}. */
    public static final Set<String> PAGING = Set.of("offset", "limit");

    /** Every product from the first, one default page. */
    public static final ProductQuery FIRST_PAGE = new ProductQuery(ProductFilter.NONE, 0, DEFAULT_LIMIT);

    /** A parsed query, or why it is not one. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    /** The query is a request. */
    public record Valid(ProductQuery query) implements Parsed {
    }

    /** The query is not a request; {@code message} says which parameter is wrong and what it accepts. */
    public record Invalid(String message) implements Parsed {
    }

    /** Parses query parameters (each may appear at most once). */
    public static Parsed parse(Map<String, List<String>> query) {
        Map<String, List<String>> filters = new HashMap<>();
        for (Map.Entry<String, List<String>> p : query.entrySet()) {
            if (!ProductFilter.PARAMETERS.contains(p.getKey()) && !PAGING.contains(p.getKey())) {
                return new Invalid("unknown parameter '" + p.getKey() + "'; filters are "
                        + new TreeSet<>(ProductFilter.PARAMETERS) + ", paging " + new TreeSet<>(PAGING));
            }
            if (p.getValue().size() > 1) {
                return new Invalid("parameter '" + p.getKey() + "' given " + p.getValue().size()
                        + " times; give it once");
            }
            if (ProductFilter.PARAMETERS.contains(p.getKey())) {
                filters.put(p.getKey(), p.getValue());
            }
        }
        ProductFilter.Parsed filter = ProductFilter.parse(filters);
        if (filter instanceof ProductFilter.Invalid invalid) {
            return new Invalid(invalid.message());
        }
        Integer offset = number(query, "offset", 0, 0, Integer.MAX_VALUE);
        if (offset == null) {
            return new Invalid("offset must be a whole number from 0, not '" + query.get("offset").get(0) + "'");
        }
        Integer limit = number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit == null) {
            return new Invalid("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '"
                    + query.get("limit").get(0) + "'");
        }
        return new Valid(new ProductQuery(((ProductFilter.Valid) filter).filter(), offset, limit));
    }

    /** The parameter's value, its default when absent or blank, or null when it is no number in range. */
    private static Integer number(Map<String, List<String>> query, String name, int absent, int min, int max) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return absent;
        }
        String value = values.get(0).trim();
        if (!value.matches("\\d{1,10}")) {
            return null;
        }
        long n = Long.parseLong(value);
        return n < min || n > max ? null : (int) n;
    }
}
