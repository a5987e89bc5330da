package dev.meshbone.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of one component (the SDK, governance, the catalog, the CLI, the test kit): a Kafka
 * {@link ConfigDef} (types, defaults, validators, documentation), the component's key prefix and the deprecated keys
 * it still accepts. {@link #load} reads values from code, the environment and a properties file, in that order of
 * precedence, and refuses unknown keys; {@link #markdownTable()} renders the README table.
 */
public final class MeshSettings {

    /** Prefix of every environment variable: {@code MESHBONE_REGISTRY_URL} sets {@code registry.url}. */
    public static final String ENV_PREFIX = "MESHBONE_";
    /** Prefix of Kafka client and Streams settings passed through without it: {@code kafka.linger.ms}. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** Marks where a README's generated settings table starts. */
    public static final String TABLE_START = "<!-- settings:start -->\n";
    /** Marks where a README's generated settings table ends. */
    public static final String TABLE_END = "<!-- settings:end -->";

    private static final Logger LOGGER = LoggerFactory.getLogger(MeshSettings.class);
    private static final String KAFKA_ENV_PREFIX = envName(KAFKA_PREFIX);

    private final String component;
    private final ConfigDef definition;
    private final List<Deprecation> deprecations;

    private MeshSettings(String component, ConfigDef definition, List<Deprecation> deprecations) {
        this.component = component;
        this.definition = definition;
        this.deprecations = List.copyOf(deprecations);
        String prefix = component == null ? null : component + ".";
        definition.configKeys().keySet().forEach(key -> {
            if (prefix != null && !key.startsWith(prefix) && !SharedSettings.KEYS.contains(key)) {
                throw new IllegalArgumentException("setting " + key + " of " + component + " must start with "
                        + prefix + " or be a shared setting " + SharedSettings.KEYS);
            }
        });
    }

    /**
     * The settings of a component whose own keys start with {@code component + "."} ({@code governance},
     * {@code catalog}); besides them it may define shared keys ({@link SharedSettings}).
     */
    public static MeshSettings of(String component, ConfigDef definition, Deprecation... deprecations) {
        return new MeshSettings(component, definition, List.of(deprecations));
    }

    /**
     * The settings of the client library, whose keys carry no component prefix ({@code client.id}): the SDK is
     * embedded in a service, which is the component.
     */
    public static MeshSettings unprefixed(ConfigDef definition, Deprecation... deprecations) {
        return new MeshSettings(null, definition, List.of(deprecations));
    }

    /** The environment variable of a key: {@code MESHBONE_} + upper case, {@code .} and {@code -} as {@code _}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The Kafka definition: every key with its type, default, validator and documentation. */
    public ConfigDef definition() {
        return definition;
    }

    /** The component prefix without its dot ({@code catalog}), or null for the unprefixed SDK. */
    public String component() {
        return component;
    }

    /** Reads a properties file (UTF-8) into a map, for {@link #load}. */
    public static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Meshbone settings file " + file, e);
        }
        return toMap(properties);
    }

    /** A {@link Properties} as a map of strings. */
    public static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    /**
     * Resolves every setting. Precedence: {@code explicit} (values set in code) over {@code environment}
     * ({@code MESHBONE_*} variables) over {@code file} (a properties file) over the default. Deprecated keys are
     * translated (with a WARN); unknown keys in {@code explicit} and {@code file} fail, and so do unknown
     * {@code MESHBONE_<COMPONENT>_*} variables; other variables are left to the components they belong to.
     *
     * @throws IllegalArgumentException naming the setting and its environment variable when a value is bad,
     *                                  missing or unknown
     */
    public LoadedSettings load(Map<String, String> explicit, Map<String, String> environment,
                               Map<String, String> file) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> merged = new TreeMap<>();
        merged.putAll(fromKeys(file, "file", warnings));
        merged.putAll(fromEnvironment(environment, warnings));
        merged.putAll(fromKeys(explicit, "code", warnings));
        warnings.forEach(LOGGER::warn);

        Map<String, String> kafka = new TreeMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        merged.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value);
            } else {
                values.put(key, value);
            }
        });
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            Object value = values.get(key.name);
            if (value == null) {
                if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
                    throw invalid(key.name, "is required");
                }
                continue;
            }
            String text = ((String) value).trim();
            Object parsed;
            try {
                parsed = ConfigDef.parseType(key.name, text, key.type);
            } catch (ConfigException e) {
                throw invalid(key.name, typeProblem(key.type) + ", was '" + text + "'");
            }
            try {
                if (key.validator != null) {
                    key.validator.ensureValid(key.name, parsed);
                }
            } catch (ConfigException e) {
                throw invalid(key.name, "'" + text + "' is invalid: " + problem(e));
            }
        }
        return new LoadedSettings(this, values, kafka, warnings);
    }

    /**
     * {@link #load} for code without a configuration file of its own (the test kit, the embedded stack): JVM system
     * properties of this component's keys, new or deprecated ({@code -Dtestkit.backend=embedded}), are the values
     * set in code, over the process environment.
     */
    public LoadedSettings loadFromSystem() {
        Map<String, String> properties = new HashMap<>();
        Stream.concat(definition.configKeys().keySet().stream(), deprecations.stream().map(Deprecation::oldKey))
                .forEach(key -> {
                    String value = System.getProperty(key);
                    if (value != null && !value.isBlank()) {
                        properties.put(key, value);
                    }
                });
        return load(properties, System.getenv(), Map.of());
    }

    /** An exception naming a setting and its environment variable: {@code Invalid setting k (MESHBONE_K): ...}. */
    public static IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException("Invalid setting " + key + " (" + envName(key) + "): " + problem);
    }

    /** The README table: key, environment variable, default and meaning of every setting, in definition order. */
    public String markdownTable() {
        StringBuilder table = new StringBuilder("| key | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            table.append("| `").append(key.name).append("` | `").append(envName(key.name)).append("` | ")
                    .append(defaultText(key)).append(" | ").append(key.documentation).append(" |\n");
        }
        return table.toString();
    }

    /** The table between {@link #TABLE_START} and {@link #TABLE_END} of a README, for tests to compare. */
    public static Optional<String> documentedTable(String readme) {
        int from = readme.indexOf(TABLE_START);
        int to = from < 0 ? -1 : readme.indexOf(TABLE_END, from);
        return to < 0 ? Optional.empty() : Optional.of(readme.substring(from + TABLE_START.length(), to));
    }

    /** Every deprecated key and variable this component still accepts. */
    public List<Deprecation> deprecations() {
        return deprecations;
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (key.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(none)";
        }
        if (key.defaultValue instanceof Password password) {
            return password.value().isEmpty() ? "(empty)" : "(hidden)";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String typeProblem(ConfigDef.Type type) {
        return switch (type) {
            case INT, LONG, SHORT -> "must be a whole number";
            case BOOLEAN -> "must be true or false";
            case DOUBLE -> "must be a number";
            case LIST -> "must be a comma-separated list";
            default -> "must be a " + type.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Kafka's message without its "Invalid value x for configuration y: " preamble, which we say ourselves. */
    private static String problem(ConfigException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int colon = message.indexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    private Map<String, String> fromKeys(Map<String, String> given, String source, List<String> warnings) {
        Map<String, String> result = new TreeMap<>();
        Map<String, String> deprecated = new TreeMap<>();
        new TreeMap<>(given).forEach((rawKey, value) -> {
            if (value == null) {
                return;
            }
            String key = rawKey.trim();
            if (isKnown(key)) {
                result.put(key, value);
                return;
            }
            Deprecation d = deprecationOfKey(key).orElseThrow(() -> unknown(key, source));
            if (d.newKey() == null) {
                warnings.add("setting '" + key + "' is deprecated and ignored: " + d.reason());
                return;
            }
            String newKey = d.translate(key);
            warnings.add("setting '" + key + "' is deprecated, use '" + newKey + "'");
            deprecated.put(newKey, d.convert().apply(value));
        });
        // Within one source the new key wins over its deprecated form.
        deprecated.forEach(result::putIfAbsent);
        return result;
    }

    private Map<String, String> fromEnvironment(Map<String, String> environment, List<String> warnings) {
        Map<String, String> byEnv = new TreeMap<>();
        definition.configKeys().keySet().forEach(k -> byEnv.put(envName(k), k));
        String ownPrefix = component == null ? null : envName(component + ".");
        Map<String, String> result = new TreeMap<>();
        Map<String, String> deprecated = new TreeMap<>();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (!name.startsWith(ENV_PREFIX) || value == null || value.isBlank()) {
                return;
            }
            String key = byEnv.get(name);
            if (key != null) {
                result.put(key, value);
                return;
            }
            Optional<Deprecation> old = deprecationOfEnv(name);
            if (old.isPresent()) {
                Deprecation d = old.get();
                String dotted = dotted(name);
                String newKey = d.isPrefix() ? d.translate(dotted) : d.newKey();
                if (newKey == null) {
                    warnings.add("setting '" + name + "' is deprecated and ignored: " + d.reason());
                } else {
                    warnings.add("setting '" + name + "' is deprecated, use '" + envName(newKey) + "'");
                    deprecated.put(newKey, d.convert().apply(value));
                }
            } else if (name.startsWith(KAFKA_ENV_PREFIX)) {
                result.put(dotted(name), value);
            } else if (ownPrefix != null && name.startsWith(ownPrefix)) {
                throw unknownEnv(name);
            }
            // Anything else belongs to another component (MESHBONE_CATALOG_* for governance) or the test kit.
        });
        deprecated.forEach(result::putIfAbsent);
        return result;
    }

    /** {@code MESHBONE_KAFKA_LINGER_MS} → {@code kafka.linger.ms}: Kafka's keys are dotted lower case. */
    private static String dotted(String envName) {
        return envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private boolean isKnown(String key) {
        return definition.configKeys().containsKey(key)
                || key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length();
    }

    private Optional<Deprecation> deprecationOfKey(String key) {
        return deprecations.stream().filter(d -> d.oldKey() != null)
                .filter(d -> d.isPrefix() ? key.startsWith(d.oldKey()) && key.length() > d.oldKey().length()
                        : key.equals(d.oldKey()))
                .findFirst();
    }

    private Optional<Deprecation> deprecationOfEnv(String name) {
        return deprecations.stream().filter(d -> d.isPrefix()
                        ? name.startsWith(envName(d.oldKey())) && name.length() > envName(d.oldKey()).length()
                        : name.equals(d.oldEnv()))
                .findFirst();
    }

    private IllegalArgumentException unknown(String key, String source) {
        String hint = nearest(key, definition.configKeys().keySet()).map(k -> "; did you mean '" + k + "'?")
                .orElse("");
        return new IllegalArgumentException("Unknown setting '" + key + "' (in " + source + ")" + hint
                + " Known settings: " + String.join(", ", definition.configKeys().keySet())
                + "; Kafka client settings pass through as " + KAFKA_PREFIX + "*");
    }

    private IllegalArgumentException unknownEnv(String name) {
        Map<String, String> byEnv = definition.configKeys().keySet().stream()
                .collect(Collectors.toMap(MeshSettings::envName, k -> k));
        String hint = nearest(name, byEnv.keySet()).map(e -> "; did you mean " + e + " ('" + byEnv.get(e) + "')?")
                .orElse("");
        return new IllegalArgumentException("Unknown setting '" + name + "' (environment)" + hint
                + " Variables starting with " + envName(component + ".") + " must name a " + component + " setting");
    }

    /** The closest known key by edit distance, when it is close enough to be a typo. */
    static Optional<String> nearest(String key, java.util.Collection<String> known) {
        return known.stream().map(k -> Map.entry(k, distance(key, k)))
                .filter(e -> e.getValue() <= Math.max(2, key.length() / 4))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
