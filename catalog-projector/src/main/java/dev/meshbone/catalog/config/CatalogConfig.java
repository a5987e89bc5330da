package dev.meshbone.catalog.config;

import static dev.meshbone.catalog.config.CatalogSettings.*;

import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The projector's configuration, validated when built: a bad value fails at startup with a message that names
 * the setting and its environment variable. Settings are defined in {@link CatalogSettings}; values come from
 * defaults, then a properties file, then environment variables ({@code MESHBONE_CATALOG_HTTP_PORT} overrides
 * {@code catalog.http.port}), then code.
 *
 * @param replicationFactor of the topics the projector creates and Kafka Streams' internal topics; -1 for the
 *                          broker's default
 * @param streamsOverrides  {@code kafka.*} properties, passed to Kafka Streams (and the admin client) without the
 *                          prefix
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
        short replicationFactor,
        Duration sloEvaluationInterval,
        Duration statsRetention,
        int recentViolations,
        Map<String, String> streamsOverrides) {

    /** The topics the projector reads and writes. */
    public record Topics(String products, String violations, String stats, String catalog, String access) {
        public Topics {
            requireText(TOPIC_PRODUCTS, products);
            requireText(TOPIC_VIOLATIONS, violations);
            requireText(TOPIC_STATS, stats);
            requireText(TOPIC_CATALOG, catalog);
            requireText(TOPIC_ACCESS, access);
            if (new HashSet<>(List.of(products, violations, stats, catalog, access)).size() != 5) {
                throw new IllegalArgumentException(TOPIC_PRODUCTS + ", " + TOPIC_VIOLATIONS + ", " + TOPIC_STATS
                        + ", " + TOPIC_CATALOG + " and " + TOPIC_ACCESS + " must be five different topics");
            }
        }
    }

    public CatalogConfig {
        requireText(BOOTSTRAP_SERVERS, bootstrapServers);
        requireText(APPLICATION_ID, applicationId);
        requireText(HTTP_HOST, httpHost);
        if (stateDir == null) {
            throw invalid(STATE_DIR, "must be set");
        }
        if (numStreamThreads < 1) {
            throw invalid(STREAM_THREADS, "must be at least 1, was " + numStreamThreads);
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw invalid(HTTP_PORT, "must be 0 to 65535, was " + httpPort);
        }
        if (topics == null) {
            throw new IllegalArgumentException("topics must be set");
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw invalid(REPLICATION_FACTOR, "must be -1 or at least 1, was " + replicationFactor);
        }
        if (sloEvaluationInterval == null || sloEvaluationInterval.isZero() || sloEvaluationInterval.isNegative()) {
            throw invalid(SLO_EVALUATION_INTERVAL_MS, "must be positive, was " + sloEvaluationInterval);
        }
        if (statsRetention == null || statsRetention.compareTo(MIN_STATS_RETENTION) < 0) {
            throw invalid(STATS_RETENTION_MS, "must be at least 1h (the violation rate is over the last "
                    + "hour), was " + statsRetention);
        }
        if (recentViolations < 1 || recentViolations > 1000) {
            throw invalid(RECENT_VIOLATIONS, "must be 1 to 1000, was " + recentViolations);
        }
        corsOrigins = List.copyOf(corsOrigins);
        streamsOverrides = Map.copyOf(streamsOverrides);
    }

    /** Every setting at its default. */
    public static CatalogConfig defaults() {
        return from(Map.of());
    }

    /** Defaults overridden by {@code settings} set in code (keys as in the properties file); unknown keys fail. */
    public static CatalogConfig from(Map<String, String> settings) {
        return of(SETTINGS.load(settings, Map.of(), Map.of()));
    }

    /**
     * Loads the properties file (when not null), then applies the environment: {@code MESHBONE_*} variables of its
     * settings win over the file. Unknown {@code MESHBONE_CATALOG_*} variables fail; other components' are ignored.
     */
    public static CatalogConfig load(Path file, Map<String, String> env) {
        return of(SETTINGS.load(Map.of(), env, file == null ? Map.of() : MeshSettings.readFile(file)));
    }

    /** The file named by {@code MESHBONE_CATALOG_CONFIG}, if any. */
    public static Path configFile(Map<String, String> env) {
        String file = env.get(MeshSettings.envName(CONFIG_FILE));
        return file == null || file.isBlank() ? null : Path.of(file);
    }

    private static CatalogConfig of(LoadedSettings s) {
        return new CatalogConfig(
                s.getString(BOOTSTRAP_SERVERS),
                s.getString(APPLICATION_ID),
                Path.of(s.getString(STATE_DIR).replace(TMPDIR, System.getProperty("java.io.tmpdir"))),
                s.getInt(STREAM_THREADS),
                s.getString(HTTP_HOST),
                s.getInt(HTTP_PORT),
                s.getList(HTTP_CORS_ORIGINS).stream().map(String::trim).filter(o -> !o.isEmpty()).toList(),
                new Topics(s.getString(TOPIC_PRODUCTS), s.getString(TOPIC_VIOLATIONS), s.getString(TOPIC_STATS),
                        s.getString(TOPIC_CATALOG), s.getString(TOPIC_ACCESS)),
                s.getBoolean(TOPICS_CREATE),
                s.getShort(REPLICATION_FACTOR),
                s.duration(SLO_EVALUATION_INTERVAL_MS),
                s.duration(STATS_RETENTION_MS),
                s.getInt(RECENT_VIOLATIONS),
                s.kafka());
    }

    private static void requireText(String s, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(s, "must not be empty");
        }
    }

    private static IllegalArgumentException invalid(String key, String problem) {
        return MeshSettings.invalid(key, problem);
    }
}
