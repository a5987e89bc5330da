package dev.meshbone.catalog.topology;

import dev.meshbone.contract.ProductId;

/** The projector's own store keys, and the parts of product ids it shows. */
final class ProductKeys {

    /** Not a character of a product id, so {@code id + SEPARATOR} is a safe prefix for store scans. */
    private static final char SEPARATOR = '@';

    private ProductKeys() {
    }

    /** The domain of {@code <domain>.<product>}; the whole key when it is not a product id. */
    static String domainOf(String productId) {
        return ProductId.tryParse(productId).map(ProductId::domain).orElse(productId);
    }

    /** The product name of {@code <domain>.<product>}; empty when it is not a product id. */
    static String nameOf(String productId) {
        return ProductId.tryParse(productId).map(ProductId::name).orElse("");
    }

    /** Prefix of every store key of one product. */
    static String prefix(String productId) {
        return productId + SEPARATOR;
    }

    /** Descriptor store key: sorts by major version within the product. */
    static String descriptorKey(String productId, int majorVersion) {
        return prefix(productId) + String.format("%010d", majorVersion);
    }

    /** Access store key: sorts by team within the product. */
    static String accessKey(String productId, String team) {
        return prefix(productId) + team;
    }

    /**
     * Stats window store key: sorts by window start within the product, then by the part of governance that
     * counted ({@code ""} for a report of the whole window).
     */
    static String windowKey(String productId, long windowStartMillis, String part) {
        String window = prefix(productId) + String.format("%019d", Math.max(0, windowStartMillis));
        return part.isEmpty() ? window : window + SEPARATOR + part;
    }
}
