package dev.meshbone.testkit;

import dev.meshbone.embedded.EmbeddedCluster;

/** The default backend: the embedded stack of {@code mesh-embedded}, Kafka in this JVM and the registry beside it. */
final class EmbeddedBackend implements MeshCluster {

    private final EmbeddedCluster cluster;

    private EmbeddedBackend(EmbeddedCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts the stack on free ports with throw-away storage. */
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
    public String describe() {
        return cluster.describe();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
