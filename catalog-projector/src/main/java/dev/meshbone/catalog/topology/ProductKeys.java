package dev.meshbone.catalog.topology;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Product ids, contract keys and the projector's own store keys. */
final class ProductKeys {

    /** {@code <domain>.<product>.v<major>}, as {@code MeshTopics.contractKey} writes it. */
    private static final Pattern CONTRACT_KEY = Pattern.compile("([a-z0-9][a-z0-9-]*\\.[a-z0-9][a-z0-9-]*)\\.v(\\d{1,9})");
    /** Not a character of a product id, so {@code id + SEPARATOR} is a safe prefix for store scans. */
    private static final char SEPARATOR = '@';

    private ProductKeys() {
    }

    /** A descriptor's place: the product and its major version. */
    record ContractKey(String productId, int majorVersion) {
    }

    /** Parses a key of the descriptors topic; empty when it is not a contract key. */
    static Optional<ContractKey> parseContractKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = CONTRACT_KEY.matcher(key);
        return m.matches() ? Optional.of(new ContractKey(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }

    /** The domain of {@code <domain>.<product>}; the whole id when it has no dot. */
    static String domainOf(String productId) {
        int dot = productId.indexOf('.');
        return dot < 0 ? productId : productId.substring(0, dot);
    }

    /** The product name of {@code <domain>.<product>}; empty when the id has no dot. */
    static String nameOf(String productId) {
        int dot = productId.indexOf('.');
        return dot < 0 ? "" : productId.substring(dot + 1);
    }

    /** Prefix of every store key of one product. */
    static String prefix(String productId) {
        return productId + SEPARATOR;
    }

    /** Descriptor store key: sorts by major version within the product. */
    static String descriptorKey(String productId, int majorVersion) {
        return prefix(productId) + String.format("%010d", majorVersion);
    }

    /** Stats window store key: sorts by window start within the product. */
    static String windowKey(String productId, long windowStartMillis) {
        return prefix(productId) + String.format("%019d", Math.max(0, windowStartMillis));
    }
}
