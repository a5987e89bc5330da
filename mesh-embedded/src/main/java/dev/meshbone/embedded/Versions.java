package dev.meshbone.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The Kafka and Apicurio Registry versions the build pinned (filtered into the jar), for matching images. */
public final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    /** The Kafka version of the embedded broker, e.g. {@code 4.4.0}. */
    public static String kafka() {
        return VERSIONS.getProperty("kafka.version");
    }

    /** The Apicurio Registry version the embedded registry runs, e.g. {@code 3.3.3}. */
    public static String registry() {
        return VERSIONS.getProperty("apicurio.registry.version");
    }

    private static Properties load() {
        Properties props = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            props.load(in);
            return props;
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("versions.properties missing from the mesh-embedded jar", e));
        }
    }
}
