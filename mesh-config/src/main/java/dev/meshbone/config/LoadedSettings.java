package dev.meshbone.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of one component after {@link MeshSettings#load}: every value parsed and validated by its
 * {@link org.apache.kafka.common.config.ConfigDef}, plus the {@code kafka.*} pass-through settings and the
 * deprecation warnings that were logged. Typed getters are {@link AbstractConfig}'s.
 */
public final class LoadedSettings extends AbstractConfig {

    private final Map<String, String> kafka;
    private final List<String> warnings;

    LoadedSettings(MeshSettings settings, Map<String, Object> values, Map<String, String> kafka,
                   List<String> warnings) {
        super(settings.definition(), values, false);
        this.kafka = Map.copyOf(kafka);
        this.warnings = List.copyOf(warnings);
    }

    /** The Kafka client and Streams settings given as {@code kafka.<name>}, keyed by {@code <name>}. */
    public Map<String, String> kafka() {
        return kafka;
    }

    /** The deprecation warnings logged while loading, e.g. {@code setting 'x' is deprecated, use 'y'}. */
    public List<String> warnings() {
        return warnings;
    }

    /** A {@code *.ms} setting as a duration. */
    public Duration duration(String key) {
        return Duration.ofMillis(getLong(key));
    }

    /** A PASSWORD setting's value, or null when it has none. */
    public String secret(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }
}
