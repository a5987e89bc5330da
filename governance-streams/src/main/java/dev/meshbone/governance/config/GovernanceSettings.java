package dev.meshbone.governance.config;

import java.util.List;

/** Every setting of the governance app, in the order the README table lists them. */
public final class GovernanceSettings {

    public static final Setting BOOTSTRAP_SERVERS = new Setting("meshbone.bootstrap.servers", "localhost:9092",
            "Kafka bootstrap servers.");
    public static final Setting REGISTRY_URL = new Setting("meshbone.registry.url",
            "http://localhost:8080/apis/registry/v3", "Apicurio Registry v3 REST API.");
    public static final Setting APPLICATION_ID = new Setting("meshbone.governance.application.id",
            "meshbone-governance", "Kafka Streams application id: instances with the same id share the work.");
    public static final Setting INSTANCE_ID = new Setting("meshbone.governance.instance.id", null,
            "Name of this instance in violation events; default host name and process id.");
    public static final Setting STATE_DIR = new Setting("meshbone.governance.state.dir",
            System.getProperty("java.io.tmpdir") + "/meshbone-governance", "Kafka Streams state directory.");
    public static final Setting STREAM_THREADS = new Setting("meshbone.governance.stream.threads", "1",
            "Stream threads per instance.");
    public static final Setting COMMIT_INTERVAL_MS = new Setting("meshbone.governance.commit.interval.ms", "100",
            "Transaction commit interval; end-to-end latency is at least this.");
    public static final Setting HTTP_PORT = new Setting("meshbone.governance.http.port", "8081",
            "Port of /health and /metrics; 0 picks a free one.");
    public static final Setting HMAC_SECRET = new Setting("meshbone.governance.pii.hmac.secret", null,
            "Secret for HASH protection (HMAC-SHA-256). Required; keep it stable or joins on hashed values break.");
    public static final Setting ENCRYPTION_KEYS = new Setting("meshbone.governance.pii.encryption.keys", "",
            "ENCRYPT keys: comma-separated productId=base64 AES key (16 or 32 bytes); '*' is the fallback key.");
    public static final Setting HOLD_GRACE_MS = new Setting("meshbone.governance.hold.grace.ms", "30000",
            "How long a record of a not-yet-announced product is held before it is quarantined as UNKNOWN_PRODUCT.");
    public static final Setting HOLD_CHECK_INTERVAL_MS = new Setting("meshbone.governance.hold.check.interval.ms",
            "1000", "How often held records are re-checked (wall-clock punctuation).");
    public static final Setting PUBLIC_TOPIC_PARTITIONS = new Setting("meshbone.governance.public.topic.partitions",
            "3", "Partitions of a public product topic governance creates.");
    public static final Setting REPLICATION_FACTOR = new Setting("meshbone.governance.replication.factor", "1",
            "Replication factor of the topics governance creates.");
    public static final Setting REGISTRY_RETRY_MS = new Setting("meshbone.governance.registry.retry.timeout.ms",
            "60000", "How long one schema lookup retries an unreachable registry (with back-off) before the stream "
            + "thread restarts and tries again from its last commit.");
    public static final Setting TOPIC_REFRESH_MS = new Setting("meshbone.governance.topic.refresh.ms", "10000",
            "How often new ingress topics (new products) are discovered.");

    /** All settings. */
    public static final List<Setting> ALL = List.of(BOOTSTRAP_SERVERS, REGISTRY_URL, APPLICATION_ID, INSTANCE_ID,
            STATE_DIR, STREAM_THREADS, COMMIT_INTERVAL_MS, HTTP_PORT, HMAC_SECRET, ENCRYPTION_KEYS, HOLD_GRACE_MS,
            HOLD_CHECK_INTERVAL_MS, PUBLIC_TOPIC_PARTITIONS, REPLICATION_FACTOR, REGISTRY_RETRY_MS, TOPIC_REFRESH_MS);

    private GovernanceSettings() {
    }
}
