package dev.meshbone.testkit;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and starts a cluster: an external one when {@code MESHBONE_BOOTSTRAP_SERVERS} and
 * {@code MESHBONE_REGISTRY_URL} are set, containers when Docker is present, else the embedded broker and registry.
 * {@code MESHBONE_TESTKIT_BACKEND=embedded|docker|external} forces one.
 */
public final class MeshClusters {

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
        Optional<String> forced = Settings.get("meshbone.testkit.backend", "MESHBONE_TESTKIT_BACKEND");
        if (forced.isPresent()) {
            try {
                return MeshCluster.Backend.valueOf(forced.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("MESHBONE_TESTKIT_BACKEND must be embedded, docker or external, not '"
                        + forced.get() + "'", e);
            }
        }
        if (external().isPresent()) {
            return MeshCluster.Backend.EXTERNAL;
        }
        return ContainerCluster.dockerAvailable() ? MeshCluster.Backend.DOCKER : MeshCluster.Backend.EMBEDDED;
    }

    private static Optional<MeshCluster> external() {
        Optional<String> bootstrap = Settings.get("meshbone.bootstrap.servers", "MESHBONE_BOOTSTRAP_SERVERS");
        Optional<String> registry = Settings.get("meshbone.registry.url", "MESHBONE_REGISTRY_URL");
        if (bootstrap.isPresent() && registry.isPresent()) {
            return Optional.of(new ExternalCluster(bootstrap.get(), registry.get()));
        }
        return Optional.empty();
    }
}
