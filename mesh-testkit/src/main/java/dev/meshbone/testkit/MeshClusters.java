package dev.meshbone.testkit;

import dev.meshbone.config.Deprecation;
import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and starts a cluster: an external one when {@code MESHBONE_BOOTSTRAP_SERVERS} and
 * {@code MESHBONE_REGISTRY_URL} are set, containers when Docker is present, else the embedded broker and registry.
 * {@code MESHBONE_TESTKIT_BACKEND=embedded|docker|external} forces one. These are settings of the one mechanism
 * ({@link #SETTINGS}): system properties of the same keys ({@code -Dtestkit.backend=embedded}) count as values set in
 * code and win over the environment.
 */
public final class MeshClusters {

    /** Backend setting: {@code testkit.backend} ↔ {@code MESHBONE_TESTKIT_BACKEND}. */
    public static final String BACKEND = "testkit.backend";
    private static final String AUTO = "auto";
    /** The test kit's settings: the shared addresses (no default: set both to use your cluster) and the backend. */
    public static final MeshSettings SETTINGS = MeshSettings.of("testkit", SharedSettings.registryUrl(
                    SharedSettings.bootstrapServers(new ConfigDef(), null), null)
                    .define(BACKEND, Type.STRING, AUTO,
                            ConfigDef.CaseInsensitiveValidString.in(AUTO, "embedded", "docker", "external"),
                            Importance.HIGH, "Forces a backend: embedded, docker or external; auto chooses."),
            Deprecation.renamed("meshbone.testkit.backend", BACKEND),
            Deprecation.renamed("meshbone.bootstrap.servers", SharedSettings.BOOTSTRAP_SERVERS),
            Deprecation.renamed("meshbone.registry.url", SharedSettings.REGISTRY_URL));

    private static final Logger LOGGER = LoggerFactory.getLogger(MeshClusters.class);

    private MeshClusters() {
    }

    /** Starts the cluster this environment asks for and logs which one it is. */
    public static MeshCluster start() {
        MeshCluster.Backend backend = chooseBackend();
        long started = System.nanoTime();
        MeshCluster cluster = switch (backend) {
            case EXTERNAL -> external().orElseThrow(() -> new IllegalStateException(
                    "MESHBONE_TESTKIT_BACKEND=external needs MESHBONE_BOOTSTRAP_SERVERS and MESHBONE_REGISTRY_URL"));
            case DOCKER -> ContainerCluster.start();
            case EMBEDDED -> EmbeddedBackend.start();
        };
        LOGGER.info("Meshbone test kit backend {} ready in {} ms",
                cluster.describe(), (System.nanoTime() - started) / 1_000_000);
        return cluster;
    }

    static MeshCluster.Backend chooseBackend() {
        String forced = SETTINGS.loadFromSystem().getString(BACKEND);
        if (!forced.equalsIgnoreCase(AUTO)) {
            return MeshCluster.Backend.valueOf(forced.toUpperCase(Locale.ROOT));
        }
        if (external().isPresent()) {
            return MeshCluster.Backend.EXTERNAL;
        }
        return ContainerCluster.dockerAvailable() ? MeshCluster.Backend.DOCKER : MeshCluster.Backend.EMBEDDED;
    }

    private static Optional<MeshCluster> external() {
        LoadedSettings settings = SETTINGS.loadFromSystem();
        String bootstrap = settings.getString(SharedSettings.BOOTSTRAP_SERVERS);
        String registry = settings.getString(SharedSettings.REGISTRY_URL);
        if (bootstrap != null && registry != null) {
            return Optional.of(new ExternalCluster(bootstrap, registry));
        }
        return Optional.empty();
    }
}
