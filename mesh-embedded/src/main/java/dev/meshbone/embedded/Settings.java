package dev.meshbone.embedded;

import java.util.Optional;

/** Reads a setting from a system property, else from the environment variable of the same meaning. */
final class Settings {

    private Settings() {
    }

    static Optional<String> get(String systemProperty, String environmentVariable) {
        String value = System.getProperty(systemProperty);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
