package dev.meshbone.catalog.config;

import dev.meshbone.schemas.MeshTopics;
import java.util.Locale;

/**
 * Every setting of the catalog projector: its name in the properties file, its environment variable, its default
 * and what it does. This is the only place a setting is defined; {@code README.md}'s configuration table is
 * checked against it by a test.
 */
public enum CatalogSetting {

    BOOTSTRAP_SERVERS("bootstrap.servers", "localhost:9092", "Kafka bootstrap servers."),
    APPLICATION_ID("application.id", "meshbone-catalog",
            "Kafka Streams application id; all instances of one catalog share it."),
    STATE_DIR("state.dir", "${java.io.tmpdir}/meshbone-catalog",
            "Where Kafka Streams keeps local state; one directory per instance."),
    NUM_STREAM_THREADS("num.stream.threads", "1", "Kafka Streams threads of this instance."),
    HTTP_HOST("http.host", "0.0.0.0", "Address the HTTP server binds."),
    HTTP_PORT("http.port", "8080", "HTTP port; 0 picks a free one."),
    HTTP_CORS_ORIGINS("http.cors.origins", "",
            "Comma-separated origins allowed to call the API from a browser; empty turns CORS off."),
    TOPIC_PRODUCTS("topic.products", MeshTopics.PRODUCTS, "Product descriptors topic (input)."),
    TOPIC_VIOLATIONS("topic.violations", MeshTopics.VIOLATIONS, "Governance violations topic (input)."),
    TOPIC_STATS("topic.stats", MeshTopics.STATS, "Governance stats topic (input)."),
    TOPIC_CATALOG("topic.catalog", MeshTopics.CATALOG, "Catalog topic (output, compacted)."),
    TOPICS_CREATE("topics.create", "true",
            "Create the four topics at startup when absent (descriptors and catalog compacted)."),
    TOPICS_PARTITIONS("topics.partitions", "3", "Partitions of topics the projector creates."),
    TOPICS_REPLICATION_FACTOR("topics.replication.factor", "-1",
            "Replication factor of topics the projector creates; -1 takes the broker's default."),
    SLO_EVALUATION_INTERVAL("slo.evaluation.interval", "5s",
            "How often SLOs are re-evaluated against the wall clock, so a silent product turns red."),
    STATS_RETENTION("stats.retention", "2h",
            "How long per-minute stats windows are kept for replacement and last-hour figures; at least 1h."),
    RECENT_VIOLATIONS("recent.violations", "20", "How many recent violations each entry keeps (1 to 1000).");

    /** Properties-file prefix passed through to Kafka Streams as is, e.g. {@code streams.processing.guarantee}. */
    public static final String STREAMS_PREFIX = "streams.";
    /** Prefix of the environment variable of every setting. */
    public static final String ENV_PREFIX = "MESHBONE_CATALOG_";

    private final String key;
    private final String defaultValue;
    private final String doc;

    CatalogSetting(String key, String defaultValue, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** The name in the properties file, e.g. {@code http.port}. */
    public String key() {
        return key;
    }

    /** The environment variable that overrides it, e.g. {@code MESHBONE_CATALOG_HTTP_PORT}. */
    public String env() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** The default as written (before {@code ${java.io.tmpdir}} is expanded). */
    public String defaultValue() {
        return defaultValue;
    }

    /** What it does. */
    public String doc() {
        return doc;
    }
}
