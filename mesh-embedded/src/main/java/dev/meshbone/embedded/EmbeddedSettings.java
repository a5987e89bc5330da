package dev.meshbone.embedded;

import dev.meshbone.config.Deprecation;
import dev.meshbone.config.MeshSettings;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Where the embedded registry comes from and how it runs, on the mesh's one settings mechanism: a system property of
 * the key ({@code -Dembedded.registry.java=...}) or its environment variable ({@code MESHBONE_EMBEDDED_REGISTRY_JAVA}).
 */
final class EmbeddedSettings {

    static final String REGISTRY_ARCHIVE = "embedded.registry.archive";
    static final String REGISTRY_HOME = "embedded.registry.home";
    static final String CACHE_DIR = "embedded.cache.dir";
    static final String REGISTRY_JAVA = "embedded.registry.java";
    static final String REGISTRY_JVM_OPTIONS = "embedded.registry.jvm.options";

    static final MeshSettings SETTINGS = MeshSettings.of("embedded", new ConfigDef()
                    .define(REGISTRY_ARCHIVE, Type.STRING, "", Importance.MEDIUM, "The Apicurio Registry distribution "
                            + "(`.tar.gz`); empty takes it from the local Maven repository (`maven.repo.local` or "
                            + "`~/.m2/repository`). The build passes it to integration tests.")
                    .define(REGISTRY_HOME, Type.STRING, "", Importance.LOW,
                            "An unpacked distribution to run instead of the archive.")
                    .define(CACHE_DIR, Type.STRING, "", Importance.LOW,
                            "Where the archive is unpacked, once per machine; empty is `~/.cache/meshbone`.")
                    .define(REGISTRY_JAVA, Type.STRING, "", Importance.MEDIUM, "The Java 21+ `java` that runs the "
                            + "registry; empty looks at this JVM, `JAVA_HOME` and the usual JVM folders.")
                    .define(REGISTRY_JVM_OPTIONS, Type.STRING, "", Importance.LOW, "The registry JVM's options; "
                            + "empty is `-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC`."),
            Deprecation.renamed("meshbone.registry.archive", REGISTRY_ARCHIVE).withOldEnv("MESHBONE_REGISTRY_ARCHIVE"),
            Deprecation.renamed("meshbone.registry.home", REGISTRY_HOME).withOldEnv("MESHBONE_REGISTRY_HOME"),
            Deprecation.renamed("meshbone.cache.dir", CACHE_DIR).withOldEnv("MESHBONE_CACHE_DIR"),
            Deprecation.renamed("meshbone.registry.java", REGISTRY_JAVA).withOldEnv("MESHBONE_REGISTRY_JAVA"),
            Deprecation.renamed("meshbone.registry.jvm-options", REGISTRY_JVM_OPTIONS)
                    .withOldEnv("MESHBONE_REGISTRY_JVM_OPTIONS"));

    private EmbeddedSettings() {
    }

    /** The value of a setting; empty when it is not set. */
    static Optional<String> get(String key) {
        String value = SETTINGS.loadFromSystem().getString(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
