package dev.meshbone.schemas;

/** Record headers the mesh writes. Values are UTF-8 strings. */
public final class MeshHeaders {

    /** Product id, {@code <domain>.<product>}, set by the SDK on every ingress record. */
    public static final String PRODUCT_ID = "mesh.product.id";
    /** Major version of the product the record was written for. */
    public static final String MAJOR_VERSION = "mesh.product.major";
    /** Registry version of the writer schema. */
    public static final String SCHEMA_VERSION = "mesh.schema.version";
    /** When the event happened, epoch milliseconds, as the producer says. */
    public static final String EVENT_TIME = "mesh.event.time";
    /** The producing service (its client id). */
    public static final String PRODUCER_ID = "mesh.producer.id";
    /** Optional trace id, for following a record across services. */
    public static final String TRACE_ID = "mesh.trace.id";
    /** Set on records replayed from quarantine, so they are not replayed twice. */
    public static final String REPLAYED_FROM = "mesh.replayed.from";

    /** Prefix of the headers governance adds to a quarantined record. */
    public static final String VIOLATION_PREFIX = "mesh.violation.";
    /** The violation code, e.g. UNTAGGED_PII. */
    public static final String VIOLATION_CODE = VIOLATION_PREFIX + "code";
    /** The human-readable reason (never a field value). */
    public static final String VIOLATION_MESSAGE = VIOLATION_PREFIX + "message";
    /** The offending field path, when there is one. */
    public static final String VIOLATION_FIELD = VIOLATION_PREFIX + "field";
    /** The failing rule id, for RULE_FAILED. */
    public static final String VIOLATION_RULE = VIOLATION_PREFIX + "rule";
    /** Where the record came from. */
    public static final String VIOLATION_SOURCE_TOPIC = VIOLATION_PREFIX + "source.topic";
    public static final String VIOLATION_SOURCE_PARTITION = VIOLATION_PREFIX + "source.partition";
    public static final String VIOLATION_SOURCE_OFFSET = VIOLATION_PREFIX + "source.offset";
    /** When governance decided, epoch milliseconds. */
    public static final String VIOLATION_TIME = VIOLATION_PREFIX + "time";

    private MeshHeaders() {
    }
}
