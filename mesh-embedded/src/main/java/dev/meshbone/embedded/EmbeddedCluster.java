package dev.meshbone.embedded;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole embedded stack: Kafka in this JVM and the registry in a child JVM, started side by side. Closing it
 * stops both.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;

    private EmbeddedCluster(EmbeddedKafka kafka, EmbeddedRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts both on free ports with throw-away storage. */
    public static EmbeddedCluster start() {
        return start(0, 0, null);
    }

    /**
     * Starts both.
     *
     * @param kafkaPort    Kafka's client port, or 0 for a free one
     * @param registryPort the registry's HTTP port, or 0 for a free one
     * @param dataDir      where both keep their data across restarts ({@code kafka/}, {@code registry/}), or null
     */
    public static EmbeddedCluster start(int kafkaPort, int registryPort, Path dataDir) {
        // The registry's JVM start dominates; Kafka starts meanwhile.
        CompletableFuture<EmbeddedRegistry> registry = CompletableFuture.supplyAsync(() ->
                EmbeddedRegistry.start(registryPort, dataDir == null ? null : dataDir.resolve("registry")));
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(kafkaPort, dataDir == null ? null : dataDir.resolve("kafka"));
        } catch (RuntimeException e) {
            registry.thenAccept(EmbeddedRegistry::close);
            throw e;
        }
        try {
            return new EmbeddedCluster(kafka, registry.join());
        } catch (CompletionException e) {
            kafka.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Kafka {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The registry's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String registryUrl() {
        return registry.url();
    }

    /** The registry's v3 REST API, the value for the serdes' {@code apicurio.registry.url}. */
    public String registryApiUrl() {
        return registryUrl() + "/apis/registry/v3";
    }

    /** Kafka client properties that reach this broker. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** A new admin client; the caller closes it. */
    public Admin createAdmin() {
        return Admin.create(clientProperties());
    }

    /** The broker. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The registry. */
    public EmbeddedRegistry registry() {
        return registry;
    }

    /** A one-line description for logs. */
    public String describe() {
        return "embedded: Kafka " + Versions.kafka() + " in-JVM KRaft at " + bootstrapServers() + ", Apicurio Registry "
                + Versions.registry() + " child JVM (pid " + registry.pid() + ") at " + registryUrl();
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
