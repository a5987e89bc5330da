package dev.meshbone.schemas;

/**
 * The names of the mesh's own topics. Product topics are spelt by {@code dev.meshbone.contract.ProductId} and
 * {@code ContractKey} in {@code mesh-contract}.
 */
public final class MeshTopics {

    /**
     * Product descriptors in force, compacted, keyed by contract key ({@code <domain>.<product>.v<major>}). Only
     * governance writes it: it republishes the announcements it accepts from the contract topics.
     */
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
    /**
     * Prefix of every domain's contract topic, {@code mesh.contracts.<domain>}: where a domain announces its
     * descriptors (keyed by contract key), for governance to check. Per domain, so the broker can secure it per domain:
     * provenance comes from the topic name.
     */
    public static final String CONTRACTS_PREFIX = "mesh.contracts.";
    /** Prefix of every ingress topic. */
    public static final String INGRESS_PREFIX = "mesh.ingress.";
    /**
     * Per-subject data keys ({@code SubjectKey}) wrapped by a key-encryption key, compacted, keyed by
     * {@code <subjectHash>/<keyId>} (the keyed hash of subject kind and id: never the id in clear); a tombstone erases
     * a key, and with it every value encrypted under it.
     */
    public static final String KEYS = "mesh.keys";
    /** Erasures ({@code ErasureEvent}: who forgot which subject's keys, when, why), keyed by subject hash. */
    public static final String ERASURES = "mesh.governance.erasures";
    /** Consumer teams' grants ({@code AccessGrant}), compacted, keyed by {@code <product>|<team>}; tombstone = revoked. */
    public static final String ACCESS = "mesh.access";
    /** Between product id and team in a {@link #ACCESS} key; in neither name's alphabet. */
    public static final String ACCESS_KEY_SEPARATOR = "|";
    /** OpenLineage events (JSON), keyed by job or dataset name. */
    public static final String LINEAGE = "mesh.lineage";

    private MeshTopics() {
    }
}
