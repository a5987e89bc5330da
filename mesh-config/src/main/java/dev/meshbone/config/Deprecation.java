package dev.meshbone.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An old key, old environment variable or old key prefix that still works for one release, with a WARN naming its
 * replacement. Create one with {@link #renamed}, {@link #duration}, {@link #prefix}, {@link #environment} or
 * {@link #removed}.
 *
 * @param oldKey    the old key in a properties file or in code, or null when only the variable changed
 * @param oldEnv    the old environment variable, or null when the variable did not change
 * @param newKey    the key (or, for a prefix, the prefix) that replaces it; null when the setting is gone
 * @param isPrefix  true when {@code oldKey} is a prefix: {@code oldKey + rest} becomes {@code newKey + rest}
 * @param convert   turns an old value into the new format (e.g. {@code 60s} into {@code 60000})
 * @param reason    why a removed setting is gone (logged); null otherwise
 */
public record Deprecation(String oldKey, String oldEnv, String newKey, boolean isPrefix, UnaryOperator<String> convert,
                          String reason) {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    public Deprecation {
        if (oldKey == null && oldEnv == null) {
            throw new IllegalArgumentException("a deprecation needs an old key or an old environment variable");
        }
        Objects.requireNonNull(convert, "convert");
    }

    /** {@code oldKey} is now {@code newKey}; the value format did not change. */
    public static Deprecation renamed(String oldKey, String newKey) {
        return new Deprecation(oldKey, null, newKey, false, UnaryOperator.identity(), null);
    }

    /**
     * {@code oldKey} held a duration ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601
     * {@code PT5S}); {@code newKey} holds milliseconds, as every Kafka {@code *.ms} setting does.
     */
    public static Deprecation duration(String oldKey, String newKey) {
        return new Deprecation(oldKey, null, newKey, false, Deprecation::toMillis, null);
    }

    /** Every key starting with {@code oldPrefix} now starts with {@code newPrefix} ({@code streams.} → {@code kafka.}). */
    public static Deprecation prefix(String oldPrefix, String newPrefix) {
        return new Deprecation(oldPrefix, null, newPrefix, true, UnaryOperator.identity(), null);
    }

    /** Only the environment variable changed: {@code oldEnv} now is the variable of {@code newKey}. */
    public static Deprecation environment(String oldEnv, String newKey) {
        return new Deprecation(null, oldEnv, newKey, false, UnaryOperator.identity(), null);
    }

    /** A setting that no longer does anything; it is accepted (and ignored) with a WARN saying why. */
    public static Deprecation removed(String oldKey, String reason) {
        return new Deprecation(oldKey, null, null, false, UnaryOperator.identity(), reason);
    }

    /** The same deprecation, also recognising the old environment variable {@code env}. */
    public Deprecation withOldEnv(String env) {
        return new Deprecation(oldKey, env, newKey, isPrefix, convert, reason);
    }

    /** For a prefix deprecation: the new key of an old key that starts with the prefix. */
    String translate(String key) {
        return isPrefix ? newKey + key.substring(oldKey.length()) : newKey;
    }

    /** The old duration formats as milliseconds; a plain number is taken as milliseconds already. */
    static String toMillis(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.matches("\\d+")) {
            return value;
        }
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Long.toString(d.toMillis());
        }
        try {
            return Long.toString(Duration.parse(text.trim().toUpperCase(Locale.ROOT)).toMillis());
        } catch (DateTimeParseException | ArithmeticException e) {
            // Left as it is: the LONG type check then names the new key and the bad value.
            return text;
        }
    }
}
