package dev.meshbone.sdk;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the SDK reaches the mesh. Settings are defined in {@link MeshSetting}; a value comes from code
 * ({@link #builder()}), a properties file ({@link #load(Path)}) or environment variables ({@link #fromEnv()}), and
 * a bad one fails here, at startup, with a message that names the setting.
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
 * @param kafkaProperties        passed to every Kafka client: {@code security.protocol}, {@code sasl.*},
 *                               {@code ssl.*}, and {@code kafka.*} without the prefix
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
        Map<String, String> kafkaProperties) {

    private static final String API_PATH = "/apis/registry/v3";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
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
        registryUrl = normalizeRegistryUrl(requireText(MeshSetting.REGISTRY_URL, registryUrl));
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

    /** From properties such as {@code registry.url=http://localhost:8080}; unknown keys fail. */
    public static MeshConfig fromProperties(Properties properties) {
        return builder().properties(properties).build();
    }

    /** From a properties file (UTF-8). */
    public static MeshConfig load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Meshbone configuration " + file, e);
        }
        return fromProperties(properties);
    }

    /** A builder that starts from the defaults; later calls override earlier ones. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registry's base URL, without the API path (for people and logs). */
    public String registryBaseUrl() {
        return registryUrl.substring(0, registryUrl.length() - API_PATH.length());
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
                + ", registryRequestTimeout=" + registryRequestTimeout + ", kafkaProperties=" + shown + "]";
    }

    private static boolean isSecret(String key) {
        return key.contains("password") || key.contains("jaas") || key.contains("secret") || key.endsWith(".key");
    }

    /** True for keys passed to Kafka clients as they are. */
    static boolean isSecurityKey(String key) {
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
    }

    private static String normalizeRegistryUrl(String url) {
        String trimmed = url.replaceAll("/+$", "");
        if (trimmed.endsWith(API_PATH)) {
            trimmed = trimmed.substring(0, trimmed.length() - API_PATH.length());
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw invalid(MeshSetting.REGISTRY_URL, "is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw invalid(MeshSetting.REGISTRY_URL, "must be an http(s) URL such as http://localhost:8080, was '"
                    + url + "'");
        }
        return trimmed + API_PATH;
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
        return new IllegalArgumentException("Invalid setting " + setting.key() + " (" + setting.env() + "): "
                + problem);
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    static Duration parseDuration(MeshSetting setting, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw invalid(setting, "must be a duration such as 500ms, 30s, 2m or PT30S, was '" + text + "'");
        }
    }

    /** Collects settings by key; {@link #build()} parses and checks them. */
    public static final class Builder {

        private final Map<String, String> values = new TreeMap<>();
        private final Map<String, String> kafka = new TreeMap<>();

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
            return set(MeshSetting.OPEN_TIMEOUT.key(), value.toString());
        }

        /** A Kafka client setting passed through, e.g. {@code kafka("linger.ms", "20")}. */
        public Builder kafka(String kafkaKey, String value) {
            return set(MeshSetting.KAFKA_PREFIX + kafkaKey, value);
        }

        /**
         * Any setting by its key: a {@link MeshSetting} key, {@code security.protocol}, {@code sasl.*},
         * {@code ssl.*} or {@code kafka.*}. An unknown key fails at once.
         */
        public Builder set(String key, String value) {
            String k = key.trim();
            if (k.startsWith(MeshSetting.KAFKA_PREFIX)) {
                String kafkaKey = k.substring(MeshSetting.KAFKA_PREFIX.length());
                if (kafkaKey.isEmpty()) {
                    throw new IllegalArgumentException("Invalid setting '" + key + "': a Kafka key must follow kafka.");
                }
                putKafka(kafkaKey, value);
            } else if (isSecurityKey(k)) {
                putKafka(k, value);
            } else if (Arrays.stream(MeshSetting.values()).anyMatch(s -> s.key().equals(k))) {
                values.put(k, value);
            } else {
                throw new IllegalArgumentException("Unknown setting '" + key + "'. Known settings: "
                        + Arrays.stream(MeshSetting.values()).map(MeshSetting::key).collect(Collectors.joining(", "))
                        + "; Kafka client settings pass through as security.protocol, sasl.*, ssl.* or kafka.*");
            }
            return this;
        }

        private void putKafka(String key, String value) {
            if (value == null) {
                kafka.remove(key);
            } else {
                kafka.put(key, value);
            }
        }

        /** Every entry of a properties file; unknown keys fail. */
        public Builder properties(Properties properties) {
            properties.stringPropertyNames().forEach(k -> set(k, properties.getProperty(k)));
            return this;
        }

        /**
         * The {@code MESHBONE_*} variables of an environment that name a setting ({@code MESHBONE_REGISTRY_URL}) or a
         * pass-through Kafka setting ({@code MESHBONE_SECURITY_PROTOCOL}, {@code MESHBONE_SASL_JAAS_CONFIG},
         * {@code MESHBONE_SSL_TRUSTSTORE_LOCATION}, {@code MESHBONE_KAFKA_LINGER_MS}). Other variables are ignored:
         * the prefix is shared with the rest of Meshbone.
         */
        public Builder environment(Map<String, String> environment) {
            Set<String> settingVariables = Arrays.stream(MeshSetting.values()).map(MeshSetting::env)
                    .collect(Collectors.toSet());
            new TreeMap<>(environment).forEach((name, value) -> {
                if (!name.startsWith(MeshSetting.ENV_PREFIX) || value == null || value.isBlank()) {
                    return;
                }
                String key = name.substring(MeshSetting.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (settingVariables.contains(name)) {
                    Arrays.stream(MeshSetting.values()).filter(s -> s.env().equals(name))
                            .forEach(s -> values.put(s.key(), value));
                } else if (key.startsWith(MeshSetting.KAFKA_PREFIX) || isSecurityKey(key)) {
                    set(key, value);
                }
            });
            return this;
        }

        /** Parses and checks every setting. */
        public MeshConfig build() {
            return new MeshConfig(
                    value(MeshSetting.BOOTSTRAP_SERVERS),
                    value(MeshSetting.REGISTRY_URL),
                    value(MeshSetting.REGISTRY_USERNAME),
                    value(MeshSetting.REGISTRY_PASSWORD),
                    value(MeshSetting.CLIENT_ID),
                    integer(MeshSetting.TOPIC_PARTITIONS),
                    (short) integer(MeshSetting.TOPIC_REPLICATION_FACTOR),
                    parseDuration(MeshSetting.OPEN_TIMEOUT, value(MeshSetting.OPEN_TIMEOUT)),
                    parseDuration(MeshSetting.REGISTRY_REQUEST_TIMEOUT, value(MeshSetting.REGISTRY_REQUEST_TIMEOUT)),
                    kafka);
        }

        private String value(MeshSetting setting) {
            return values.getOrDefault(setting.key(), setting.defaultValue());
        }

        private int integer(MeshSetting setting) {
            String text = value(setting);
            try {
                int parsed = Integer.parseInt(text.trim());
                if (setting == MeshSetting.TOPIC_REPLICATION_FACTOR && parsed > Short.MAX_VALUE) {
                    throw invalid(setting, "is too large: " + text);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw invalid(setting, "must be an integer, was '" + text + "'");
            }
        }
    }
}
