package dev.meshbone.config.topics;

import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The one definition of every mesh topic. Every component that creates a mesh topic (the SDK, governance, the
 * catalog, the CLI) creates it from here through {@link TopicProvisioner}, so whichever starts first creates the
 * same topic.
 */
public final class MeshTopicDefinitions {

    /**
     * How long after its tombstone a data key may still be on {@link #KEYS}'s disks: {@code max.compaction.lag.ms}
     * (which also rolls the segment holding the tombstone, at the next append) plus the cleaner's own run.
     */
    public static final Duration KEY_ERASURE_BOUND = Duration.ofHours(1);

    /**
     * Product descriptors, compacted. One partition, deliberately: the volume is one record per contract change;
     * nobody needs it co-partitioned (governance reads it into a global store, which reads every partition anyway,
     * and the catalog repartitions descriptors by product id together with violations and stats); and a single
     * partition gives every reader one total order of announcements and one end offset to read up to (the SDK reads
     * it to its end when a publisher opens). Partitions cannot be reduced later, so starting at one costs nothing.
     */
    public static final TopicDefinition PRODUCTS = new TopicDefinition(MeshTopics.PRODUCTS, 1, compacted());
    /** Governance violation events, keyed by product id; a week is enough to investigate and replay. */
    public static final TopicDefinition VIOLATIONS = new TopicDefinition(MeshTopics.VIOLATIONS, 3,
            retained(Duration.ofDays(7)));
    /**
     * How long the quarantine keeps refused records unless {@code quarantine.retention.ms} says otherwise: a week to
     * investigate and replay, then gone (they hold raw personal data: data minimisation).
     */
    public static final Duration DEFAULT_QUARANTINE_RETENTION = Duration.ofDays(7);
    /** Refused records with raw personal data, kept {@link #DEFAULT_QUARANTINE_RETENTION}; see {@link #quarantine}. */
    public static final TopicDefinition QUARANTINE = quarantine(DEFAULT_QUARANTINE_RETENTION);
    /**
     * Which quarantined records were replayed, compacted, keyed by quarantine partition:offset. One partition: the
     * CLI reads it whole before every replay, and it grows by one small record per replayed record.
     */
    public static final TopicDefinition REPLAYS = new TopicDefinition(MeshTopics.REPLAYS, 1, compacted());
    /** Per-product windowed counts; the catalog keeps its own windows, so a week of history is plenty. */
    public static final TopicDefinition STATS = new TopicDefinition(MeshTopics.STATS, 3,
            retained(Duration.ofDays(7)));
    /** The catalog, compacted, keyed by product id; every catalog instance reads it whole into a global store. */
    public static final TopicDefinition CATALOG = new TopicDefinition(MeshTopics.CATALOG, 3, compacted());

    /**
     * Consumer teams' grants, compacted, keyed by {@code <product>|<team>} (a tombstone revokes). One partition: a
     * handful of records, read whole by {@code mesh access} and folded by the catalog.
     */
    public static final TopicDefinition ACCESS = new TopicDefinition(MeshTopics.ACCESS, 1, compacted());

    /**
     * Per-subject data keys, compacted, keyed by {@code <subjectHash>/<keyId>}, configured so that a tombstoned key is
     * physically gone within about an hour: segments roll every 10 minutes (the active segment is never compacted),
     * a dirty record waits at most an hour for compaction ({@code max.compaction.lag.ms}) and the cleaner runs as
     * soon as anything is dirty ({@code min.cleanable.dirty.ratio} 0.01); the tombstone itself is kept an hour
     * ({@code delete.retention.ms}), long enough for every reader of the topic to see it and evict the key. Kafka
     * rolls a segment only when a record is appended, so the bound holds on a partition that keeps receiving records
     * (new subjects' keys, erasures); on one that receives nothing more, the tombstone waits in the active segment.
     * Three partitions: one record per data key, read whole by governance and key-holding consumers.
     */
    public static final TopicDefinition KEYS = new TopicDefinition(MeshTopics.KEYS, 3, Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis()),
            TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(KEY_ERASURE_BOUND.toMillis()),
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
            TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis())));

    /** Erasure events, for audit: who forgot which subject, when and why. Kept five years; one partition. */
    public static final TopicDefinition ERASURES = new TopicDefinition(MeshTopics.ERASURES, 1,
            retained(Duration.ofDays(5 * 365)));

    /** Every fixed mesh topic (ingress, contract and public topics are per domain or product). */
    public static final List<TopicDefinition> ALL = all(DEFAULT_QUARANTINE_RETENTION);

    private MeshTopicDefinitions() {
    }

    /**
     * The quarantine keeping refused records for {@code retention} ({@code quarantine.retention.ms}). The retention is
     * kept: an existing quarantine that keeps them longer, or shorter, is brought back to it, since it is what the
     * mesh promises about the personal data it holds.
     */
    public static TopicDefinition quarantine(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the quarantine's retention must be positive, not " + retention);
        }
        return new TopicDefinition(MeshTopics.QUARANTINE, 3, retained(retention),
                Set.of(TopicConfig.RETENTION_MS_CONFIG));
    }

    /** {@link #ALL}, with the quarantine keeping records for {@code quarantineRetention}. */
    public static List<TopicDefinition> all(Duration quarantineRetention) {
        return List.of(PRODUCTS, VIOLATIONS, quarantine(quarantineRetention), REPLAYS, STATS, CATALOG, ACCESS, KEYS,
                ERASURES);
    }

    /** An ingress topic ({@code mesh.ingress.<domain>.<product>}); its producer chooses the partitions. */
    public static TopicDefinition ingress(String topic, int partitions) {
        return new TopicDefinition(topic, partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }

    /**
     * A domain's contract topic ({@code mesh.contracts.<domain>}), where it announces its descriptors for governance
     * to check. Compacted and one partition, like {@link #PRODUCTS}: one record per contract change, one order of
     * announcements, and the latest announcement per contract key kept.
     */
    public static TopicDefinition contracts(String domain) {
        return new TopicDefinition(MeshTopics.CONTRACTS_PREFIX + domain, 1, compacted());
    }

    /** A governed public topic ({@code <domain>.<product>.v<major>}); governance's setting chooses the partitions. */
    public static TopicDefinition publicTopic(String topic, int partitions) {
        return new TopicDefinition(topic, partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }

    /**
     * Compacted, with segments rolled daily: a low-volume topic would otherwise sit in its active segment (never
     * compacted) for the default week, and readers at startup would replay every superseded value.
     */
    private static Map<String, String> compacted() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
    }

    private static Map<String, String> retained(Duration retention) {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
    }
}
