package dev.meshbone.contract;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One major version of a product: {@code <domain>.<product>.v<major>}, the key of its contract on
 * {@code mesh.products} and the name of its public topic. Each major is its own contract, so compaction keeps every
 * live major, not only the newest.
 *
 * @param product      the product
 * @param majorVersion 1 or more; a breaking schema change is a new major
 */
public record ContractKey(ProductId product, int majorVersion) {

    private static final Pattern KEY = Pattern.compile("(.+)\\.v([1-9][0-9]{0,8})");

    /** @throws IllegalArgumentException for a major below 1 */
    public ContractKey {
        if (product == null) {
            throw new IllegalArgumentException("The product is required");
        }
        if (majorVersion < 1) {
            throw new IllegalArgumentException("The major version must be 1 or more, was " + majorVersion);
        }
    }

    /** Parses {@code <domain>.<product>.v<major>}; empty when it is not a contract key. */
    public static Optional<ContractKey> tryParse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(key);
        return m.matches() ? ProductId.tryParse(m.group(1)).map(p -> new ContractKey(p, Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /** {@code <domain>.<product>.v<major>}: the governed topic consumers read. */
    public String publicTopic() {
        return toString();
    }

    /**
     * The registry artifact of this major (group = domain): the product name for major 1 and
     * {@code <product>.v<major>} after a breaking change, since a compatibility rule binds one artifact.
     */
    public String artifactId() {
        return majorVersion == 1 ? product.name() : product.name() + ".v" + majorVersion;
    }

    @Override
    public String toString() {
        return product + ".v" + majorVersion;
    }
}
