package dev.meshbone.testkit;

import dev.meshbone.embedded.Versions;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka and Apicurio Registry as Docker containers, for machines that have a Docker engine. */
final class ContainerCluster implements MeshCluster {

    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainerCluster(KafkaContainer kafka, GenericContainer<?> registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    static ContainerCluster start() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:" + Versions.kafka()));
        GenericContainer<?> registry = new GenericContainer<>(
                DockerImageName.parse("apicurio/apicurio-registry:" + Versions.registry()))
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/apis/registry/v3/system/info").forPort(8080));
        try {
            kafka.start();
            registry.start();
        } catch (RuntimeException e) {
            registry.stop();
            kafka.stop();
            throw e;
        }
        return new ContainerCluster(kafka, registry);
    }

    static boolean dockerAvailable() {
        // Without a socket or DOCKER_HOST there is nothing to find; asking Testcontainers would log errors.
        boolean hint = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run",
                "docker.sock"));
        if (!hint) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Backend backend() {
        return Backend.DOCKER;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080);
    }

    @Override
    public String describe() {
        return "docker: " + kafka.getDockerImageName() + " at " + bootstrapServers() + ", "
                + registry.getDockerImageName() + " at " + registryUrl();
    }

    @Override
    public void close() {
        try {
            registry.stop();
        } finally {
            kafka.stop();
        }
    }
}
