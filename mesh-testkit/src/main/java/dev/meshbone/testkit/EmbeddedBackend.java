package dev.meshbone.testkit;

import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The default backend: the embedded stack of {@code mesh-embedded}, Kafka in this JVM and the registry beside it,
 * secure (its default); the default client identity is its super user.
 */
final class EmbeddedBackend implements MeshCluster {

    private final EmbeddedCluster cluster;

    private EmbeddedBackend(EmbeddedCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts the secure stack on free ports with throw-away storage and secrets. */
    static EmbeddedBackend start() {
        return new EmbeddedBackend(EmbeddedCluster.start());
    }

    @Override
    public Backend backend() {
        return Backend.EMBEDDED;
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public String registryUrl() {
        return cluster.registryUrl();
    }

    @Override
    public Properties clientProperties() {
        return cluster.clientProperties();
    }

    @Override
    public Optional<MeshPrincipal> admin() {
        return Optional.of(cluster.admin());
    }

    @Override
    public MeshPrincipal createPrincipal(String name, PrincipalKind kind) {
        return cluster.createPrincipal(name, kind);
    }

    @Override
    public Properties clientProperties(MeshPrincipal principal) {
        return cluster.clientProperties(principal);
    }

    @Override
    public Map<String, String> settings(MeshPrincipal principal) {
        return cluster.settings(principal);
    }

    @Override
    public void createRegistryGroup(String group, String owner) {
        cluster.createRegistryGroup(group, owner);
    }

    @Override
    public String describe() {
        return cluster.describe();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
