package dev.meshbone.catalog.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The projector's configuration, validated when built: a bad value fails at startup with a message that names
 * the setting. Settings are defined in {@link CatalogSetting}; values come from defaults, then a properties file,
 * then environment variables ({@code MESHBONE_CATALOG_HTTP_PORT} overrides {@code http.port}).
 *
 * @param streamsOverrides {@code streams.*} properties, passed to Kafka Streams without the prefix
 */
public record CatalogConfig(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        int numStreamThreads,
        String httpHost,
        int httpPort,
        List<String> corsOrigins,
        Topics topics,
        boolean createTopics,
        int topicPartitions,
        short replicationFactor,
        Duration sloEvaluationInterval,
        Duration statsRetention,
        int recentViolations,
        Map<String, String> streamsOverrides) {

    /** The last-hour violation rate needs at least an hour of windows. */
    public static final Duration MIN_STATS_RETENTION = Duration.ofHours(1);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** The topics the projector reads and writes. */
    public record Topics(String products, String violations, String stats, String catalog) {
        public Topics {
            requireText(CatalogSetting.TOPIC_PRODUCTS, products);
            requireText(CatalogSetting.TOPIC_VIOLATIONS, violations);
            requireText(CatalogSetting.TOPIC_STATS, stats);
            requireText(CatalogSetting.TOPIC_CATALOG, catalog);
            if (new HashSet<>(List.of(products, violations, stats, catalog)).size() != 4) {
                throw new IllegalArgumentException("topic.products, topic.violations, topic.stats and topic.catalog "
                        + "must be four different topics");
            }
        }
    }

    public CatalogConfig {
        requireText(CatalogSetting.BOOTSTRAP_SERVERS, bootstrapServers);
        requireText(CatalogSetting.APPLICATION_ID, applicationId);
        requireText(CatalogSetting.HTTP_HOST, httpHost);
        if (stateDir == null) {
            throw invalid(CatalogSetting.STATE_DIR, "must be set");
        }
        if (numStreamThreads < 1) {
            throw invalid(CatalogSetting.NUM_STREAM_THREADS, "must be at least 1, was " + numStreamThreads);
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw invalid(CatalogSetting.HTTP_PORT, "must be 0 to 65535, was " + httpPort);
        }
        if (topics == null) {
            throw new IllegalArgumentException("topics must be set");
        }
        if (topicPartitions < 1) {
            throw invalid(CatalogSetting.TOPICS_PARTITIONS, "must be at least 1, was " + topicPartitions);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw invalid(CatalogSetting.TOPICS_REPLICATION_FACTOR, "must be -1 or at least 1, was " + replicationFactor);
        }
        if (sloEvaluationInterval == null || sloEvaluationInterval.isZero() || sloEvaluationInterval.isNegative()) {
            throw invalid(CatalogSetting.SLO_EVALUATION_INTERVAL, "must be positive, was " + sloEvaluationInterval);
        }
        if (statsRetention == null || statsRetention.compareTo(MIN_STATS_RETENTION) < 0) {
            throw invalid(CatalogSetting.STATS_RETENTION, "must be at least 1h (the violation rate is over the last "
                    + "hour), was " + statsRetention);
        }
        if (recentViolations < 1 || recentViolations > 1000) {
            throw invalid(CatalogSetting.RECENT_VIOLATIONS, "must be 1 to 1000, was " + recentViolations);
        }
        corsOrigins = List.copyOf(corsOrigins);
        streamsOverrides = Map.copyOf(streamsOverrides);
    }

    /** Every setting at its default. */
    public static CatalogConfig defaults() {
        return from(Map.of());
    }

    /**
     * Defaults overridden by {@code settings} (keys as in the properties file, including {@code streams.*}).
     * Unknown keys fail, so a typo is not silently ignored.
     */
    public static CatalogConfig from(Map<String, String> settings) {
        Map<CatalogSetting, String> values = new EnumMap<>(CatalogSetting.class);
        for (CatalogSetting s : CatalogSetting.values()) {
            values.put(s, s.defaultValue());
        }
        Map<String, String> streams = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(CatalogSetting.STREAMS_PREFIX)) {
                streams.put(key.substring(CatalogSetting.STREAMS_PREFIX.length()), value.trim());
            } else {
                CatalogSetting setting = Arrays.stream(CatalogSetting.values()).filter(s -> s.key().equals(key))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown setting '" + key
                                + "'; known: " + Arrays.stream(CatalogSetting.values()).map(CatalogSetting::key).toList()
                                + " and streams.*"));
                values.put(setting, value.trim());
            }
        });
        return new CatalogConfig(
                values.get(CatalogSetting.BOOTSTRAP_SERVERS),
                values.get(CatalogSetting.APPLICATION_ID),
                Path.of(values.get(CatalogSetting.STATE_DIR)
                        .replace("${java.io.tmpdir}", System.getProperty("java.io.tmpdir"))),
                parseInt(CatalogSetting.NUM_STREAM_THREADS, values),
                values.get(CatalogSetting.HTTP_HOST),
                parseInt(CatalogSetting.HTTP_PORT, values),
                Arrays.stream(values.get(CatalogSetting.HTTP_CORS_ORIGINS).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                new Topics(values.get(CatalogSetting.TOPIC_PRODUCTS), values.get(CatalogSetting.TOPIC_VIOLATIONS),
                        values.get(CatalogSetting.TOPIC_STATS), values.get(CatalogSetting.TOPIC_CATALOG)),
                parseBoolean(CatalogSetting.TOPICS_CREATE, values),
                parseInt(CatalogSetting.TOPICS_PARTITIONS, values),
                (short) parseInt(CatalogSetting.TOPICS_REPLICATION_FACTOR, values),
                parseDuration(CatalogSetting.SLO_EVALUATION_INTERVAL, values),
                parseDuration(CatalogSetting.STATS_RETENTION, values),
                parseInt(CatalogSetting.RECENT_VIOLATIONS, values),
                streams);
    }

    /**
     * Loads the properties file (when not null), then applies environment overrides: each setting's
     * {@link CatalogSetting#env()} variable, when set, wins over the file.
     */
    public static CatalogConfig load(Path file, Map<String, String> env) {
        Map<String, String> settings = new HashMap<>();
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read catalog config file " + file, e);
            }
            props.stringPropertyNames().forEach(k -> settings.put(k, props.getProperty(k)));
        }
        for (CatalogSetting s : CatalogSetting.values()) {
            String value = env.get(s.env());
            if (value != null) {
                settings.put(s.key(), value);
            }
        }
        return from(settings);
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5S}). */
    static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
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
        return Duration.parse(text);
    }

    private static Duration parseDuration(CatalogSetting s, Map<CatalogSetting, String> values) {
        try {
            return parseDuration(values.get(s));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(s, "must be a duration such as 5s, 10m, 2h or PT5S, was '" + values.get(s) + "'");
        }
    }

    private static int parseInt(CatalogSetting s, Map<CatalogSetting, String> values) {
        try {
            return Integer.parseInt(values.get(s));
        } catch (NumberFormatException e) {
            throw invalid(s, "must be a whole number, was '" + values.get(s) + "'");
        }
    }

    private static boolean parseBoolean(CatalogSetting s, Map<CatalogSetting, String> values) {
        return switch (values.get(s).toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(s, "must be true or false, was '" + values.get(s) + "'");
        };
    }

    private static void requireText(CatalogSetting s, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(s, "must not be empty");
        }
    }

    private static IllegalArgumentException invalid(CatalogSetting s, String problem) {
        return new IllegalArgumentException(s.key() + " (" + s.env() + ") " + problem);
    }
}
