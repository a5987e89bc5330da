package dev.meshbone.governance.config;

import static dev.meshbone.governance.config.GovernanceSettings.*;

import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.contract.pii.keys.KeyEncryptionKeys;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The governance app's configuration, validated on construction so a bad setting fails at startup with its name.
 *
 * @param registryUsername governance's registry user (read-only), empty for none
 * @param registryPassword its password; never printed
 * @param keystore the PKCS12 keystore of the key-encryption keys; empty when ENCRYPT cannot be used (it drops)
 * @param keystorePasswordFile where its password is, when not {@code <keystore>.password}
 * @param keystorePassword its password when given as a setting, else null; never printed
 * @param keyCacheSize how many unwrapped data keys are kept in memory
 * @param replicationFactor of the topics governance creates and of Kafka Streams' internal topics; -1 for the
 *                          broker's default
 * @param quarantineRetention how long the quarantine topic keeps refused records (its retention.ms, kept)
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
        Optional<Path> keystore,
        Optional<Path> keystorePasswordFile,
        char[] keystorePassword,
        int keyCacheSize,
        Duration holdGrace,
        Duration holdCheckInterval,
        int publicTopicPartitions,
        short replicationFactor,
        Duration quarantineRetention,
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
        require(keystorePassword == null || keystorePassword.length > 0, KEYSTORE_PASSWORD, "must not be empty");
        require(keyCacheSize >= 1, KEY_CACHE_SIZE, "must be at least 1");
        require(!holdGrace.isNegative(), HOLD_GRACE_MS, "must not be negative");
        require(holdCheckInterval.toMillis() >= 10, HOLD_CHECK_INTERVAL_MS, "must be at least 10 ms");
        require(publicTopicPartitions >= 1, PUBLIC_TOPIC_PARTITIONS, "must be at least 1");
        require(replicationFactor == -1 || replicationFactor >= 1, REPLICATION_FACTOR, "must be -1 or at least 1");
        require(quarantineRetention.compareTo(SharedSettings.MIN_QUARANTINE_RETENTION) >= 0
                        && quarantineRetention.compareTo(SharedSettings.MAX_QUARANTINE_RETENTION) <= 0,
                QUARANTINE_RETENTION_MS, "must be from an hour to a year");
        require(registryRetryTimeout.toMillis() >= 0, REGISTRY_RETRY_MS, "must not be negative");
        require(topicRefresh.toMillis() >= 100, TOPIC_REFRESH_MS, "must be at least 100 ms");
        require(statsEmitInterval.toMillis() >= 10, STATS_EMIT_INTERVAL_MS, "must be at least 10 ms");
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
                path(s, KEYSTORE),
                path(s, KEYSTORE_PASSWORD_FILE),
                s.secret(KEYSTORE_PASSWORD) == null ? null : s.secret(KEYSTORE_PASSWORD).toCharArray(),
                s.getInt(KEY_CACHE_SIZE),
                s.duration(HOLD_GRACE_MS),
                s.duration(HOLD_CHECK_INTERVAL_MS),
                s.getInt(PUBLIC_TOPIC_PARTITIONS),
                s.getShort(REPLICATION_FACTOR),
                s.duration(QUARANTINE_RETENTION_MS),
                s.duration(REGISTRY_RETRY_MS),
                s.duration(TOPIC_REFRESH_MS),
                s.duration(STATS_EMIT_INTERVAL_MS),
                s.kafka());
    }

    /** Secrets stay out of logs: the registry password, the HMAC secret and the keystore password are not printed. */
    @Override
    public String toString() {
        return "GovernanceConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", registryUsername=" + registryUsername + ", applicationId=" + applicationId + ", instanceId="
                + instanceId + ", stateDir=" + stateDir + ", streamThreads=" + streamThreads + ", keystore="
                + keystore.map(Path::toString).orElse("(none)") + ", streamsOverrides=" + streamsOverrides.keySet()
                + "]";
    }

    /** The registry's basic-auth header for governance's (read-only) user; empty without one. */
    public Optional<String> registryAuthorization() {
        return SharedSettings.registryAuthorization(registryUsername, registryPassword);
    }

    private static Optional<Path> path(LoadedSettings s, String key) {
        String file = s.getString(key);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file));
    }

    /**
     * The key-encryption keys: the keystore opened with the password setting, else with its password file (the
     * setting's, else {@code <keystore>.password}); created with a random password file when neither exists.
     * Empty without a keystore. Reads (and may write) files, so the app calls it, not the topology.
     *
     * @throws IllegalArgumentException naming the setting when the keystore cannot be opened
     */
    public Optional<KeyEncryptionKeys> openKeystore() {
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (keystorePassword != null) {
                return Optional.of(LocalKeystore.openOrCreate(keystore.get(), keystorePassword));
            }
            if (keystorePasswordFile.isPresent()) {
                return Optional.of(LocalKeystore.openOrCreate(keystore.get(),
                        LocalKeystore.readPassword(keystorePasswordFile.get())));
            }
            return Optional.of(LocalKeystore.openOrCreate(keystore.get()));
        } catch (RuntimeException e) {
            throw MeshSettings.invalid(KEYSTORE, e.getMessage());
        }
    }

    private static String defaultInstanceId() {
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
