package dev.meshbone.testkit;

/** A cluster someone else runs, named by {@code MESHBONE_BOOTSTRAP_SERVERS} and {@code MESHBONE_REGISTRY_URL}. */
record ExternalCluster(String bootstrapServers, String registryUrl) implements MeshCluster {

    ExternalCluster {
        // Accept the API URL as well as the base URL.
        registryUrl = registryUrl.replaceAll("/+$", "").replaceFirst("/apis/registry/v3$", "");
    }

    @Override
    public Backend backend() {
        return Backend.EXTERNAL;
    }

    @Override
    public String describe() {
        return "external: Kafka at " + bootstrapServers + ", Apicurio Registry at " + registryUrl;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
