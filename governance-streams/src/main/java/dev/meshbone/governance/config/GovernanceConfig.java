package dev.meshbone.governance.config;

import static dev.meshbone.governance.config.GovernanceSettings.*;

import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The governance app's configuration, validated on construction so a bad setting fails at startup with its name.
 *
 * @param registryUsername governance's registry user (read-only), empty for none
 * @param registryPassword its password; never printed
 * @param encryptionKeys AES keys by product id; key {@code *} is the fallback
 * @param replicationFactor of the topics governance creates and of Kafka Streams' internal topics; -1 for the
 *                          broker's default
 * @param streamsOverrides the {@code kafka.*} settings, passed to Kafka Streams and the admin client without the
 *                         prefix
 */
public record GovernanceConfig(
        String bootstrapServers,
        String registryUrl,
        String registryUsername,
        String registryPassword,
        String applicationId,
        String instanceId,
        Path stateDir,
        int streamThreads,
        long commitIntervalMs,
        int httpPort,
        byte[] hmacSecret,
        Map<String, byte[]> encryptionKeys,
        Duration holdGrace,
        Duration holdCheckInterval,
        int publicTopicPartitions,
        short replicationFactor,
        Duration registryRetryTimeout,
        Duration topicRefresh,
        Duration statsEmitInterval,
        Map<String, String> streamsOverrides) {

    public GovernanceConfig {
        require(!bootstrapServers.isBlank(), BOOTSTRAP_SERVERS, "must not be empty");
        registryUrl = SharedSettings.registryApiUrl(registryUrl);
        require(applicationId.matches("[A-Za-z0-9._-]+"), APPLICATION_ID, "may hold only letters, digits, . _ -");
        require(streamThreads >= 1, STREAM_THREADS, "must be at least 1");
        require(commitIntervalMs >= 1, COMMIT_INTERVAL_MS, "must be positive");
        require(httpPort >= 0 && httpPort <= 65535, HTTP_PORT, "must be a port number");
        require(hmacSecret != null && hmacSecret.length >= 16, HMAC_SECRET, "must be set, at least 16 bytes");
        encryptionKeys.forEach((product, key) -> require(key.length == 16 || key.length == 24 || key.length == 32,
                ENCRYPTION_KEYS, "key for " + product + " must be 16, 24 or 32 bytes, got " + key.length));
        require(!holdGrace.isNegative(), HOLD_GRACE_MS, "must not be negative");
        require(holdCheckInterval.toMillis() >= 10, HOLD_CHECK_INTERVAL_MS, "must be at least 10 ms");
        require(publicTopicPartitions >= 1, PUBLIC_TOPIC_PARTITIONS, "must be at least 1");
        require(replicationFactor == -1 || replicationFactor >= 1, REPLICATION_FACTOR, "must be -1 or at least 1");
        require(registryRetryTimeout.toMillis() >= 0, REGISTRY_RETRY_MS, "must not be negative");
        require(topicRefresh.toMillis() >= 100, TOPIC_REFRESH_MS, "must be at least 100 ms");
        require(statsEmitInterval.toMillis() >= 10, STATS_EMIT_INTERVAL_MS, "must be at least 10 ms");
        encryptionKeys = Map.copyOf(encryptionKeys);
        streamsOverrides = Map.copyOf(streamsOverrides);
    }

    private static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw MeshSettings.invalid(key, problem);
        }
    }

    /**
     * Reads settings: the environment's {@code MESHBONE_*} variables over the file (if any) over the defaults.
     * Variables of other components ({@code MESHBONE_CATALOG_*}) are ignored; unknown {@code MESHBONE_GOVERNANCE_*}
     * ones and unknown keys in the file fail.
     */
    public static GovernanceConfig load(Path file, Map<String, String> environment) {
        return of(SETTINGS.load(Map.of(), environment, file == null ? Map.of() : MeshSettings.readFile(file)));
    }

    /** Builds a config from properties set in code; settings not given take their defaults. */
    public static GovernanceConfig from(Properties props) {
        return of(SETTINGS.load(MeshSettings.toMap(props), Map.of(), Map.of()));
    }

    private static GovernanceConfig of(LoadedSettings s) {
        String instanceId = s.getString(INSTANCE_ID);
        String hmac = s.secret(HMAC_SECRET);
        return new GovernanceConfig(
                s.getString(BOOTSTRAP_SERVERS),
                s.getString(REGISTRY_URL),
                s.getString(SharedSettings.REGISTRY_USERNAME),
                s.secret(SharedSettings.REGISTRY_PASSWORD),
                s.getString(APPLICATION_ID),
                instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId,
                Path.of(s.getString(STATE_DIR).replace(TMPDIR, System.getProperty("java.io.tmpdir"))),
                s.getInt(STREAM_THREADS),
                s.getLong(COMMIT_INTERVAL_MS),
                s.getInt(HTTP_PORT),
                hmac == null ? null : hmac.getBytes(StandardCharsets.UTF_8),
                keys(s.secret(ENCRYPTION_KEYS)),
                s.duration(HOLD_GRACE_MS),
                s.duration(HOLD_CHECK_INTERVAL_MS),
                s.getInt(PUBLIC_TOPIC_PARTITIONS),
                s.getShort(REPLICATION_FACTOR),
                s.duration(REGISTRY_RETRY_MS),
                s.duration(TOPIC_REFRESH_MS),
                s.duration(STATS_EMIT_INTERVAL_MS),
                s.kafka());
    }

    /** Secrets stay out of logs: the registry password, the HMAC secret and the keys are not printed. */
    @Override
    public String toString() {
        return "GovernanceConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", registryUsername=" + registryUsername + ", applicationId=" + applicationId + ", instanceId="
                + instanceId + ", stateDir=" + stateDir + ", streamThreads=" + streamThreads + ", encryptionKeys="
                + encryptionKeys.keySet() + ", streamsOverrides=" + streamsOverrides.keySet() + "]";
    }

    /** The registry's basic-auth header for governance's (read-only) user; empty without one. */
    public Optional<String> registryAuthorization() {
        return SharedSettings.registryAuthorization(registryUsername, registryPassword);
    }

    /** The AES key for a product, or the fallback; null when ENCRYPT cannot be used for it. */
    public byte[] encryptionKey(String productId) {
        byte[] key = encryptionKeys.get(productId);
        return key != null ? key : encryptionKeys.get("*");
    }

    private static Map<String, byte[]> keys(String spec) {
        Map<String, byte[]> keys = new HashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw MeshSettings.invalid(ENCRYPTION_KEYS, "entries are productId=base64key, got '"
                        + entry.trim() + "'");
            }
            try {
                keys.put(entry.substring(0, eq).trim(), Base64.getDecoder().decode(entry.substring(eq + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw MeshSettings.invalid(ENCRYPTION_KEYS, "the key for " + entry.substring(0, eq).trim()
                        + " is not base64");
            }
        }
        return keys;
    }

    private static String defaultInstanceId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
