package dev.meshbone.governance.config;

import java.util.Locale;

/**
 * One setting: its key in the properties file, the environment variable that overrides it, its default (null when
 * required or optional without default) and what it does.
 */
public record Setting(String key, String defaultValue, String doc) {

    /** {@code meshbone.governance.http.port} → {@code MESHBONE_GOVERNANCE_HTTP_PORT}. */
    public String environmentVariable() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
