package dev.meshbone.catalog.config;

import dev.meshbone.config.Deprecation;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Every setting of the catalog projector: shared keys unprefixed, its own under {@code catalog.}. {@link #SETTINGS}
 * is the one definition; {@code README.md}'s configuration table is generated from it and checked by a test.
 */
public final class CatalogSettings {

    public static final String BOOTSTRAP_SERVERS = SharedSettings.BOOTSTRAP_SERVERS;
    public static final String REPLICATION_FACTOR = SharedSettings.TOPIC_REPLICATION_FACTOR;
    public static final String CONFIG_FILE = "catalog.config";
    public static final String APPLICATION_ID = "catalog.application.id";
    public static final String STATE_DIR = "catalog.state.dir";
    public static final String STREAM_THREADS = "catalog.stream.threads";
    public static final String HTTP_HOST = "catalog.http.host";
    public static final String HTTP_PORT = "catalog.http.port";
    public static final String HTTP_CORS_ORIGINS = "catalog.http.cors.origins";
    public static final String TOPIC_PRODUCTS = "catalog.topic.products";
    public static final String TOPIC_VIOLATIONS = "catalog.topic.violations";
    public static final String TOPIC_STATS = "catalog.topic.stats";
    public static final String TOPIC_CATALOG = "catalog.topic.catalog";
    public static final String TOPIC_ACCESS = "catalog.topic.access";
    public static final String TOPICS_CREATE = "catalog.topics.create";
    public static final String SLO_EVALUATION_INTERVAL_MS = "catalog.slo.evaluation.interval.ms";
    public static final String STATS_RETENTION_MS = "catalog.stats.retention.ms";
    public static final String RECENT_VIOLATIONS = "catalog.recent.violations";

    /** Expanded to the JVM's temporary directory in {@link #STATE_DIR}'s default. */
    public static final String TMPDIR = "${java.io.tmpdir}";
    /** The last-hour violation rate needs at least an hour of windows. */
    public static final Duration MIN_STATS_RETENTION = Duration.ofHours(1);

    /** The definition, with the keys and variables of the previous release deprecated. */
    public static final MeshSettings SETTINGS = MeshSettings.of("catalog", definition(),
            Deprecation.environment("MESHBONE_CATALOG_BOOTSTRAP_SERVERS", BOOTSTRAP_SERVERS),
            Deprecation.renamed("application.id", APPLICATION_ID),
            Deprecation.renamed("state.dir", STATE_DIR),
            Deprecation.renamed("num.stream.threads", STREAM_THREADS).withOldEnv("MESHBONE_CATALOG_NUM_STREAM_THREADS"),
            Deprecation.renamed("http.host", HTTP_HOST),
            Deprecation.renamed("http.port", HTTP_PORT),
            Deprecation.renamed("http.cors.origins", HTTP_CORS_ORIGINS),
            Deprecation.renamed("topic.products", TOPIC_PRODUCTS),
            Deprecation.renamed("topic.violations", TOPIC_VIOLATIONS),
            Deprecation.renamed("topic.stats", TOPIC_STATS),
            Deprecation.renamed("topic.catalog", TOPIC_CATALOG),
            Deprecation.renamed("topics.create", TOPICS_CREATE),
            Deprecation.renamed("topics.replication.factor", REPLICATION_FACTOR)
                    .withOldEnv("MESHBONE_CATALOG_TOPICS_REPLICATION_FACTOR"),
            Deprecation.removed("topics.partitions", "each mesh topic's partitions are fixed by its definition "
                    + "(dev.meshbone.config.topics.MeshTopicDefinitions)").withOldEnv("MESHBONE_CATALOG_TOPICS_PARTITIONS"),
            Deprecation.duration("slo.evaluation.interval", SLO_EVALUATION_INTERVAL_MS)
                    .withOldEnv("MESHBONE_CATALOG_SLO_EVALUATION_INTERVAL"),
            Deprecation.duration("stats.retention", STATS_RETENTION_MS).withOldEnv("MESHBONE_CATALOG_STATS_RETENTION"),
            Deprecation.renamed("recent.violations", RECENT_VIOLATIONS),
            Deprecation.prefix("streams.", MeshSettings.KAFKA_PREFIX));

    private CatalogSettings() {
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        SharedSettings.bootstrapServers(def, "localhost:9092");
        return SharedSettings.topicReplicationFactor(def
                .define(CONFIG_FILE, Type.STRING, null, Importance.LOW,
                        "Properties file to read when no argument names one (useful in containers).")
                .define(APPLICATION_ID, Type.STRING, "meshbone-catalog", new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Kafka Streams application id; all instances of one catalog share it.")
                .define(STATE_DIR, Type.STRING, TMPDIR + "/meshbone-catalog", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, "Where Kafka Streams keeps local state; one directory per instance. "
                                + "It also keeps the instance's group.instance.id, so a restart on it takes the "
                                + "partitions back at once.")
                .define(STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "Kafka Streams threads of this instance.")
                .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Address the HTTP server binds.")
                .define(HTTP_PORT, Type.INT, 8080, Range.between(0, 65_535), Importance.HIGH,
                        "HTTP port; 0 picks a free one.")
                .define(HTTP_CORS_ORIGINS, Type.LIST, "", Importance.MEDIUM,
                        "Comma-separated origins allowed to call the API from a browser; empty turns CORS off.")
                .define(TOPIC_PRODUCTS, Type.STRING, MeshTopics.PRODUCTS, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Product descriptors topic (input).")
                .define(TOPIC_VIOLATIONS, Type.STRING, MeshTopics.VIOLATIONS, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Governance violations topic (input).")
                .define(TOPIC_STATS, Type.STRING, MeshTopics.STATS, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Governance stats topic (input).")
                .define(TOPIC_CATALOG, Type.STRING, MeshTopics.CATALOG, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Catalog topic (output, compacted).")
                .define(TOPIC_ACCESS, Type.STRING, MeshTopics.ACCESS, new ConfigDef.NonEmptyString(),
                        Importance.LOW, "Consumer teams' grants topic (input, compacted).")
                .define(TOPICS_CREATE, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Create the five topics at startup when absent, as their mesh definitions say."))
                .define(SLO_EVALUATION_INTERVAL_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                        "How often each product's SLOs are re-evaluated against the wall clock, so a silent product "
                                + "turns red (a 50th of the products at a time).")
                .define(STATS_RETENTION_MS, Type.LONG, Duration.ofHours(2).toMillis(),
                        Range.atLeast(MIN_STATS_RETENTION.toMillis()), Importance.LOW,
                        "How long per-minute stats windows are kept for replacement and last-hour figures; at "
                                + "least an hour (3600000).")
                .define(RECENT_VIOLATIONS, Type.INT, 20, Range.between(1, 1000), Importance.LOW,
                        "How many recent violations each entry keeps (1 to 1000).");
    }
}
