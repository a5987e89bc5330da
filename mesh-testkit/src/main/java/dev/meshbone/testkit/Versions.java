package dev.meshbone.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Kafka and registry versions the build pinned (filtered into the jar). */
final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    static String kafka() {
        return VERSIONS.getProperty("kafka.version");
    }

    static String registry() {
        return VERSIONS.getProperty("apicurio.registry.version");
    }

    private static Properties load() {
        Properties props = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            props.load(in);
            return props;
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("versions.properties missing from the test kit jar", e));
        }
    }
}
