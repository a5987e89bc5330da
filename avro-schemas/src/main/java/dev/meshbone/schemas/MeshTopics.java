package dev.meshbone.schemas;

import java.util.regex.Pattern;

/** The names of the mesh's topics. Domain and product names are lower-case {@code [a-z0-9-]}. */
public final class MeshTopics {

    /** Product descriptors, compacted, keyed by contract key ({@link #contractKey}). */
    public static final String PRODUCTS = "mesh.products";
    /** Governance violation events, keyed by product id. */
    public static final String VIOLATIONS = "mesh.governance.violations";
    /** Refused records byte for byte, with {@code mesh.violation.*} headers. Holds raw personal data. */
    public static final String QUARANTINE = "mesh.governance.quarantine";
    /** Which quarantined records were replayed (compacted, keyed by quarantine partition:offset), so none twice. */
    public static final String REPLAYS = "mesh.governance.replays";
    /** Per-product windowed governance counts, keyed by product id. */
    public static final String STATS = "mesh.governance.stats";
    /** The catalog, compacted, keyed by product id. */
    public static final String CATALOG = "mesh.catalog";
    /** Prefix of every ingress topic. */
    public static final String INGRESS_PREFIX = "mesh.ingress.";
    /** Matches every ingress topic; group 1 is the domain, group 2 the product. */
    public static final Pattern INGRESS_PATTERN = Pattern.compile("mesh\\.ingress\\.([a-z0-9-]+)\\.([a-z0-9-]+)");
    /** A valid domain or product name. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private MeshTopics() {
    }

    /** {@code <domain>.<product>}. */
    public static String productId(String domain, String product) {
        return domain + "." + product;
    }

    /** {@code mesh.ingress.<domain>.<product>}: where the SDK publishes. */
    public static String ingress(String domain, String product) {
        return INGRESS_PREFIX + productId(domain, product);
    }

    /** {@code <domain>.<product>.v<major>}: the governed public topic consumers read. */
    public static String publicTopic(String domain, String product, int majorVersion) {
        return productId(domain, product) + ".v" + majorVersion;
    }

    /**
     * The key of a descriptor on {@link #PRODUCTS}: {@code <domain>.<product>.v<major>}, the same as its public topic.
     * Each major version is its own contract, so compaction keeps every live major, not only the newest.
     */
    public static String contractKey(String domain, String product, int majorVersion) {
        return publicTopic(domain, product, majorVersion);
    }

    /**
     * The registry artifact of a product's major version (group = domain): the product name for major 1 and
     * {@code <product>.v<major>} after a breaking change, since a compatibility rule binds one artifact.
     */
    public static String artifactId(String product, int majorVersion) {
        return majorVersion == 1 ? product : product + ".v" + majorVersion;
    }
}
