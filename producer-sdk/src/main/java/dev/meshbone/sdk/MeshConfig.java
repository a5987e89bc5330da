package dev.meshbone.sdk;

import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How the SDK reaches the mesh. Settings are defined in {@link MeshSetting} (on the one mechanism of
 * {@code dev.meshbone.config}); a value comes from code ({@link #builder()}), environment variables
 * ({@link #fromEnv()}) or a properties file ({@link #load(Path)}), in that order of precedence, and a bad one fails
 * here, at startup, with a message that names the setting and its environment variable.
 *
 * <pre>{@code
 * MeshConfig config = MeshConfig.of("localhost:9092", "http://localhost:8080");
 * MeshConfig fromEnvironment = MeshConfig.fromEnv();   // MESHBONE_BOOTSTRAP_SERVERS, MESHBONE_REGISTRY_URL, ...
 * }</pre>
 *
 * @param bootstrapServers       Kafka bootstrap servers
 * @param registryUrl            the registry's v3 API URL, always ending in {@code /apis/registry/v3}
 * @param registryUsername       basic-auth user, empty for none
 * @param registryPassword       basic-auth password
 * @param clientId               the producing service's id
 * @param topicPartitions        partitions of ingress topics the SDK creates
 * @param replicationFactor      replication of topics the SDK creates, -1 for the broker's default
 * @param openTimeout            how long opening a publisher may take
 * @param registryRequestTimeout timeout of one registry request
 * @param kafkaProperties        passed to every Kafka client: the {@code kafka.*} settings without the prefix
 * @param keystore               the keystore of the key-encryption keys, or null for no key access
 * @param keystorePasswordFile   the file with its password (null without a keystore)
 * @param keyCacheSize           how many unwrapped data keys a consumer keeps
 * @param keyCatchUpTimeout      how long reading {@code mesh.keys} to its end may take before a key is called gone
 */
public record MeshConfig(
        String bootstrapServers,
        String registryUrl,
        String registryUsername,
        String registryPassword,
        String clientId,
        int topicPartitions,
        short replicationFactor,
        Duration openTimeout,
        Duration registryRequestTimeout,
        Map<String, String> kafkaProperties,
        Path keystore,
        Path keystorePasswordFile,
        int keyCacheSize,
        Duration keyCatchUpTimeout) {

    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** Settings the SDK owns; overriding them would break the mesh's guarantees or wire format. */
    private static final Map<String, String> FIXED = Map.of(
            "acks", "all",
            "enable.idempotence", "true",
            "bootstrap.servers", "set bootstrap.servers instead",
            "client.id", "set client.id instead",
            "key.serializer", "keys are UTF-8 strings",
            "value.serializer", "values use the Apicurio Avro serializer",
            "key.deserializer", "keys are UTF-8 strings",
            "value.deserializer", "values use the Apicurio Avro deserializer");

    /** Checks every value; a bad one throws {@link IllegalArgumentException} naming the setting. */
    public MeshConfig {
        bootstrapServers = requireText(MeshSetting.BOOTSTRAP_SERVERS, bootstrapServers);
        registryUrl = SharedSettings.registryApiUrl(requireText(MeshSetting.REGISTRY_URL, registryUrl));
        registryUsername = registryUsername == null ? "" : registryUsername.trim();
        registryPassword = registryPassword == null ? "" : registryPassword;
        if (registryUsername.isEmpty() != registryPassword.isEmpty()) {
            throw invalid(MeshSetting.REGISTRY_USERNAME, "registry.username and registry.password go together");
        }
        clientId = clientId == null || clientId.isBlank() ? defaultClientId() : clientId.trim();
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw invalid(MeshSetting.CLIENT_ID, "must be letters, digits, '.', '_' or '-', was '" + clientId + "'");
        }
        if (topicPartitions < 1) {
            throw invalid(MeshSetting.TOPIC_PARTITIONS, "must be at least 1, was " + topicPartitions);
        }
        if (replicationFactor != -1 && replicationFactor < 1) {
            throw invalid(MeshSetting.TOPIC_REPLICATION_FACTOR, "must be -1 or at least 1, was " + replicationFactor);
        }
        requirePositive(MeshSetting.OPEN_TIMEOUT, openTimeout);
        requirePositive(MeshSetting.REGISTRY_REQUEST_TIMEOUT, registryRequestTimeout);
        if (keystore == null) {
            keystorePasswordFile = null;
        } else if (keystorePasswordFile == null) {
            keystorePasswordFile = LocalKeystore.passwordFile(keystore);
        }
        if (keyCacheSize < 1) {
            throw invalid(MeshSetting.KEYS_CACHE_SIZE, "must be at least 1, was " + keyCacheSize);
        }
        requirePositive(MeshSetting.KEYS_CATCHUP_TIMEOUT, keyCatchUpTimeout);
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        kafkaProperties.forEach((key, value) -> {
            String fixed = FIXED.get(key);
            if (fixed != null && !fixed.equals(value.trim().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Invalid setting " + MeshSetting.KAFKA_PREFIX + key + ": the SDK "
                        + "manages it (" + (fixed.contains(" ") ? fixed : key + "=" + fixed) + "); remove it");
            }
        });
    }

    /** A configuration with every other setting at its default. */
    public static MeshConfig of(String bootstrapServers, String registryUrl) {
        return builder().bootstrapServers(bootstrapServers).registryUrl(registryUrl).build();
    }

    /** From the process environment: {@code MESHBONE_BOOTSTRAP_SERVERS}, {@code MESHBONE_REGISTRY_URL}, ... */
    public static MeshConfig fromEnv() {
        return builder().environment(System.getenv()).build();
    }

    /** From properties such as {@code registry.url=http://localhost:8080}; unknown keys fail. The environment is not read. */
    public static MeshConfig fromProperties(Properties properties) {
        return builder().properties(properties).build();
    }

    /** From a properties file (UTF-8). The environment is not read. */
    public static MeshConfig load(Path file) {
        return builder().file(MeshSettings.readFile(file)).build();
    }

    /**
     * A builder that starts from the defaults. Values set in code win over {@link Builder#environment}, which wins
     * over {@link Builder#properties}, whatever the order of the calls; among values set in code the last wins.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** True when consumers decrypt ENCRYPT fields: a keystore is configured. */
    public boolean keyAccess() {
        return keystore != null;
    }

    /** The registry's base URL, without the API path (for people and logs). */
    public String registryBaseUrl() {
        return registryUrl.substring(0, registryUrl.length() - SharedSettings.REGISTRY_API_PATH.length());
    }

    @Override
    public String toString() {
        // Passwords and JAAS configs stay out of logs.
        Map<String, String> shown = new TreeMap<>();
        kafkaProperties.forEach((k, v) -> shown.put(k, isSecret(k) ? "****" : v));
        return "MeshConfig[bootstrapServers=" + bootstrapServers + ", registryUrl=" + registryUrl
                + ", registryUsername=" + registryUsername + ", registryPassword=" + (registryPassword.isEmpty() ? "" : "****")
                + ", clientId=" + clientId + ", topicPartitions=" + topicPartitions
                + ", replicationFactor=" + replicationFactor + ", openTimeout=" + openTimeout
                + ", registryRequestTimeout=" + registryRequestTimeout + ", kafkaProperties=" + shown
                + ", keystore=" + (keystore == null ? "" : keystore) + ", keyCacheSize=" + keyCacheSize
                + ", keyCatchUpTimeout=" + keyCatchUpTimeout + "]";
    }

    private static boolean isSecret(String key) {
        return key.contains("password") || key.contains("jaas") || key.contains("secret") || key.endsWith(".key");
    }

    private static String defaultClientId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "meshbone-" + host.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static String requireText(MeshSetting setting, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(setting, "is required");
        }
        return value.trim();
    }

    private static void requirePositive(MeshSetting setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(setting, "must be a positive duration, was " + value);
        }
    }

    private static IllegalArgumentException invalid(MeshSetting setting, String problem) {
        return MeshSettings.invalid(setting.key(), problem);
    }

    /** Collects settings by key and source; {@link #build()} resolves, parses and checks them. */
    public static final class Builder {

        private final Map<String, String> explicit = new TreeMap<>();
        private final Map<String, String> environment = new TreeMap<>();
        private final Map<String, String> file = new TreeMap<>();

        private Builder() {
        }

        /** Kafka bootstrap servers. */
        public Builder bootstrapServers(String value) {
            return set(MeshSetting.BOOTSTRAP_SERVERS.key(), value);
        }

        /** The registry's base URL or v3 API URL. */
        public Builder registryUrl(String value) {
            return set(MeshSetting.REGISTRY_URL.key(), value);
        }

        /** The producing service's id. */
        public Builder clientId(String value) {
            return set(MeshSetting.CLIENT_ID.key(), value);
        }

        /** Partitions of ingress topics the SDK creates. */
        public Builder topicPartitions(int value) {
            return set(MeshSetting.TOPIC_PARTITIONS.key(), Integer.toString(value));
        }

        /** Replication factor of topics the SDK creates; -1 for the broker's default. */
        public Builder replicationFactor(int value) {
            return set(MeshSetting.TOPIC_REPLICATION_FACTOR.key(), Integer.toString(value));
        }

        /** How long opening a publisher may take. */
        public Builder openTimeout(Duration value) {
            return set(MeshSetting.OPEN_TIMEOUT.key(), Long.toString(value.toMillis()));
        }

        /**
         * Key access: the keystore of the mesh's key-encryption keys, its password read from
         * {@code <keystore>.password} (or {@link MeshSetting#KEYSTORE_PASSWORD_FILE}).
         */
        public Builder keystore(Path value) {
            return set(MeshSetting.KEYSTORE.key(), value == null ? null : value.toString());
        }

        /** A Kafka client setting passed through, e.g. {@code kafka("linger.ms", "20")}. */
        public Builder kafka(String kafkaKey, String value) {
            return set(MeshSetting.KAFKA_PREFIX + kafkaKey, value);
        }

        /**
         * Any setting by its key: a {@link MeshSetting} key or {@code kafka.*} (a deprecated key works, with a
         * WARN). An unknown key fails when the config is built; null removes a value set before.
         */
        public Builder set(String key, String value) {
            if (value == null) {
                explicit.remove(key);
            } else {
                explicit.put(key, value);
            }
            return this;
        }

        /** Every entry of a properties file, as the file source; unknown keys fail. */
        public Builder properties(Properties properties) {
            return file(MeshSettings.toMap(properties));
        }

        private Builder file(Map<String, String> entries) {
            file.putAll(entries);
            return this;
        }

        /**
         * The {@code MESHBONE_*} variables of an environment that name a setting ({@code MESHBONE_REGISTRY_URL}) or a
         * pass-through Kafka setting ({@code MESHBONE_KAFKA_LINGER_MS}, {@code MESHBONE_KAFKA_SECURITY_PROTOCOL}).
         * Other variables are ignored: the prefix is shared with the rest of Meshbone.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment.putAll(environment);
            return this;
        }

        /** Resolves, parses and checks every setting. */
        public MeshConfig build() {
            LoadedSettings s = MeshSetting.SETTINGS.load(explicit, environment, file);
            return new MeshConfig(
                    s.getString(MeshSetting.BOOTSTRAP_SERVERS.key()),
                    s.getString(MeshSetting.REGISTRY_URL.key()),
                    s.getString(MeshSetting.REGISTRY_USERNAME.key()),
                    s.secret(MeshSetting.REGISTRY_PASSWORD.key()),
                    s.getString(MeshSetting.CLIENT_ID.key()),
                    s.getInt(MeshSetting.TOPIC_PARTITIONS.key()),
                    s.getShort(MeshSetting.TOPIC_REPLICATION_FACTOR.key()),
                    s.duration(MeshSetting.OPEN_TIMEOUT.key()),
                    s.duration(MeshSetting.REGISTRY_REQUEST_TIMEOUT.key()),
                    s.kafka(),
                    path(s.getString(MeshSetting.KEYSTORE.key())),
                    path(s.getString(MeshSetting.KEYSTORE_PASSWORD_FILE.key())),
                    s.getInt(MeshSetting.KEYS_CACHE_SIZE.key()),
                    s.duration(MeshSetting.KEYS_CATCHUP_TIMEOUT.key()));
        }

        private static Path path(String value) {
            return value == null || value.isBlank() ? null : Path.of(value.trim());
        }
    }
}
