package dev.meshbone.governance.config;

import dev.meshbone.config.Deprecation;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Every setting of the governance app, in the order the README table lists them: shared keys unprefixed, its own
 * under {@code governance.}. {@link #SETTINGS} is the one definition; the README table is generated from it.
 */
public final class GovernanceSettings {

    public static final String BOOTSTRAP_SERVERS = SharedSettings.BOOTSTRAP_SERVERS;
    public static final String REGISTRY_URL = SharedSettings.REGISTRY_URL;
    public static final String REPLICATION_FACTOR = SharedSettings.TOPIC_REPLICATION_FACTOR;
    public static final String QUARANTINE_RETENTION_MS = SharedSettings.QUARANTINE_RETENTION_MS;
    public static final String APPLICATION_ID = "governance.application.id";
    public static final String INSTANCE_ID = "governance.instance.id";
    public static final String STATE_DIR = "governance.state.dir";
    public static final String STREAM_THREADS = "governance.stream.threads";
    public static final String COMMIT_INTERVAL_MS = "governance.commit.interval.ms";
    public static final String HTTP_PORT = "governance.http.port";
    public static final String HMAC_SECRET = "governance.pii.hmac.secret";
    /** Removed: ENCRYPT uses a data key per data subject now ({@link #KEYSTORE}). */
    public static final String REMOVED_ENCRYPTION_KEYS = "governance.pii.encryption.keys";
    public static final String KEYSTORE = "governance.keys.keystore";
    public static final String KEYSTORE_PASSWORD_FILE = "governance.keys.keystore.password.file";
    public static final String KEYSTORE_PASSWORD = "governance.keys.keystore.password";
    public static final String KEY_CACHE_SIZE = "governance.keys.cache.size";
    public static final String HOLD_GRACE_MS = "governance.hold.grace.ms";
    public static final String HOLD_CHECK_INTERVAL_MS = "governance.hold.check.interval.ms";
    public static final String PUBLIC_TOPIC_PARTITIONS = "governance.public.topic.partitions";
    public static final String REGISTRY_RETRY_MS = "governance.registry.retry.timeout.ms";
    public static final String TOPIC_REFRESH_MS = "governance.topic.refresh.ms";
    public static final String STATS_EMIT_INTERVAL_MS = "governance.stats.emit.interval.ms";

    /** Expanded to the JVM's temporary directory in {@link #STATE_DIR}'s default. */
    public static final String TMPDIR = "${java.io.tmpdir}";

    /** The definition, with the keys of the previous release ({@code meshbone.governance.*}) deprecated. */
    public static final MeshSettings SETTINGS = MeshSettings.of("governance", definition(), deprecations());

    private GovernanceSettings() {
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        SharedSettings.bootstrapServers(def, "localhost:9092");
        SharedSettings.registryUrl(def, "http://localhost:8080/apis/registry/v3");
        SharedSettings.registryCredentials(def);
        return SharedSettings.quarantineRetention(SharedSettings.topicReplicationFactor(def
                .define(APPLICATION_ID, Type.STRING, "meshbone-governance", Importance.HIGH,
                        "Kafka Streams application id: instances with the same id share the work.")
                .define(INSTANCE_ID, Type.STRING, null, Importance.LOW,
                        "Name of this instance in violation events; default host name and process id.")
                .define(STATE_DIR, Type.STRING, TMPDIR + "/meshbone-governance", Importance.MEDIUM,
                        "Kafka Streams state directory; it also keeps the instance's group.instance.id, so a "
                                + "restart on the same directory takes the instance's partitions back at once.")
                .define(STREAM_THREADS, Type.INT, 1, Range.atLeast(1), Importance.MEDIUM,
                        "Stream threads per instance.")
                .define(COMMIT_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.MEDIUM,
                        "Transaction commit interval; end-to-end latency is at least this.")
                .define(HTTP_PORT, Type.INT, 8081, Range.between(0, 65535), Importance.MEDIUM,
                        "Port of /health and /metrics; 0 picks a free one.")
                .define(HMAC_SECRET, Type.PASSWORD, null, Importance.HIGH,
                        "Secret for HASH protection (HMAC-SHA-256). Required; keep it stable or joins on hashed "
                                + "values break.")
                .define(KEYSTORE, Type.STRING, "", Importance.HIGH,
                        "PKCS12 keystore of the key-encryption keys that wrap the per-subject ENCRYPT keys on "
                                + "mesh.keys (created, 0600, when absent). Empty: ENCRYPT drops the value instead.")
                .define(KEYSTORE_PASSWORD_FILE, Type.STRING, "", Importance.MEDIUM,
                        "File holding the keystore's password; empty: <keystore>.password beside it.")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "The keystore's password, instead of a password file.")
                .define(KEY_CACHE_SIZE, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "How many unwrapped data keys each instance keeps in memory (least recently used go "
                                + "first; an erased key is evicted at once).")
                .define(HOLD_GRACE_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                        "How long a record of a not-yet-announced product is held before it is quarantined as "
                                + "UNKNOWN_PRODUCT.")
                .define(HOLD_CHECK_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW,
                        "How often held records are re-checked (wall-clock punctuation).")
                .define(PUBLIC_TOPIC_PARTITIONS, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                        "Partitions of a public product topic governance creates.")
                .define(REGISTRY_RETRY_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.MEDIUM,
                        "How long one schema lookup retries an unreachable registry (with back-off) before the "
                                + "stream thread restarts and tries again from its last commit.")
                .define(TOPIC_REFRESH_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.LOW,
                        "How often new ingress and contract topics (new products, new domains) are discovered.")
                .define(STATS_EMIT_INTERVAL_MS, Type.LONG, 1000L, Range.atLeast(10), Importance.LOW,
                        "How often each stream task reports its per-product counts of the current minute to "
                                + "mesh.governance.stats (wall-clock punctuation); the catalog's counts lag by up "
                                + "to this.")));
    }

    /** {@code meshbone.governance.x} is now {@code governance.x}; the variables did not change. */
    private static Deprecation[] deprecations() {
        Stream<Deprecation> own = Stream.of(APPLICATION_ID, INSTANCE_ID, STATE_DIR, STREAM_THREADS,
                        COMMIT_INTERVAL_MS, HTTP_PORT, HMAC_SECRET, HOLD_GRACE_MS,
                        HOLD_CHECK_INTERVAL_MS, PUBLIC_TOPIC_PARTITIONS, REGISTRY_RETRY_MS, TOPIC_REFRESH_MS)
                .map(key -> Deprecation.renamed("meshbone." + key, key));
        String perSubject = "ENCRYPT uses a data key per data subject, kept on mesh.keys wrapped by the keystore's "
                + "key-encryption key: set " + KEYSTORE;
        Stream<Deprecation> removed = Stream.of(
                Deprecation.removed(REMOVED_ENCRYPTION_KEYS, perSubject)
                        .withOldEnv("MESHBONE_GOVERNANCE_PII_ENCRYPTION_KEYS"),
                Deprecation.removed("meshbone." + REMOVED_ENCRYPTION_KEYS, perSubject));
        Stream<Deprecation> shared = Stream.of(
                Deprecation.renamed("meshbone.bootstrap.servers", BOOTSTRAP_SERVERS),
                Deprecation.renamed("meshbone.registry.url", REGISTRY_URL),
                Deprecation.renamed("meshbone.governance.replication.factor", REPLICATION_FACTOR)
                        .withOldEnv("MESHBONE_GOVERNANCE_REPLICATION_FACTOR"));
        return Stream.of(own, removed, shared).flatMap(d -> d).toArray(Deprecation[]::new);
    }
}
