package dev.meshbone.governance.config;

import static dev.meshbone.governance.config.GovernanceSettings.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The governance app's configuration, validated on construction so a bad setting fails at startup with its name.
 *
 * @param encryptionKeys AES keys by product id; key {@code *} is the fallback
 * @param streamsOverrides any {@code kafka.*} or security settings passed through to Kafka Streams as they are
 */
public record GovernanceConfig(
        String bootstrapServers,
        String registryUrl,
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
        Map<String, String> streamsOverrides) {

    public GovernanceConfig {
        require(!bootstrapServers.isBlank(), BOOTSTRAP_SERVERS, "must not be empty");
        require(registryUrl.startsWith("http://") || registryUrl.startsWith("https://"), REGISTRY_URL,
                "must be an http(s) URL, got '" + registryUrl + "'");
        registryUrl = registryUrl.replaceAll("/+$", "");
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
        require(replicationFactor >= 1, REPLICATION_FACTOR, "must be at least 1");
        require(registryRetryTimeout.toMillis() >= 0, REGISTRY_RETRY_MS, "must not be negative");
        require(topicRefresh.toMillis() >= 100, TOPIC_REFRESH_MS, "must be at least 100 ms");
        encryptionKeys = Map.copyOf(encryptionKeys);
        streamsOverrides = Map.copyOf(streamsOverrides);
    }

    private static void require(boolean ok, Setting setting, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(setting.key() + " (" + setting.environmentVariable() + ") " + problem);
        }
    }

    /** Reads settings: defaults, then the file (if any), then environment variables. */
    public static GovernanceConfig load(Path file, Map<String, String> environment) {
        Properties props = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read config file " + file, e);
            }
        }
        for (Setting s : ALL) {
            String fromEnv = environment.get(s.environmentVariable());
            if (fromEnv != null) {
                props.setProperty(s.key(), fromEnv);
            }
        }
        return from(props);
    }

    /** Builds a config from properties; settings not given take their defaults. */
    public static GovernanceConfig from(Properties props) {
        Map<String, String> overrides = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith("kafka.")) {
                overrides.put(name.substring("kafka.".length()), props.getProperty(name));
            }
        }
        return new GovernanceConfig(
                get(props, BOOTSTRAP_SERVERS),
                get(props, REGISTRY_URL),
                get(props, APPLICATION_ID),
                props.getProperty(INSTANCE_ID.key(), defaultInstanceId()),
                Path.of(get(props, STATE_DIR)),
                integer(props, STREAM_THREADS),
                longValue(props, COMMIT_INTERVAL_MS),
                integer(props, HTTP_PORT),
                secret(props.getProperty(HMAC_SECRET.key())),
                keys(get(props, ENCRYPTION_KEYS)),
                Duration.ofMillis(longValue(props, HOLD_GRACE_MS)),
                Duration.ofMillis(longValue(props, HOLD_CHECK_INTERVAL_MS)),
                integer(props, PUBLIC_TOPIC_PARTITIONS),
                (short) integer(props, REPLICATION_FACTOR),
                Duration.ofMillis(longValue(props, REGISTRY_RETRY_MS)),
                Duration.ofMillis(longValue(props, TOPIC_REFRESH_MS)),
                overrides);
    }

    /** The AES key for a product, or the fallback; null when ENCRYPT cannot be used for it. */
    public byte[] encryptionKey(String productId) {
        byte[] key = encryptionKeys.get(productId);
        return key != null ? key : encryptionKeys.get("*");
    }

    private static String get(Properties props, Setting s) {
        return props.getProperty(s.key(), s.defaultValue());
    }

    private static int integer(Properties props, Setting s) {
        return (int) longValue(props, s);
    }

    private static long longValue(Properties props, Setting s) {
        String value = get(props, s);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(s.key() + " (" + s.environmentVariable() + ") must be a whole number, got '"
                    + value + "'", e);
        }
    }

    private static byte[] secret(String value) {
        return value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> keys(String spec) {
        Map<String, byte[]> keys = new HashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(ENCRYPTION_KEYS.key() + " entries are productId=base64key, got '"
                        + entry.trim() + "'");
            }
            try {
                keys.put(entry.substring(0, eq).trim(), Base64.getDecoder().decode(entry.substring(eq + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENCRYPTION_KEYS.key() + ": the key for " + entry.substring(0, eq).trim()
                        + " is not base64", e);
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
