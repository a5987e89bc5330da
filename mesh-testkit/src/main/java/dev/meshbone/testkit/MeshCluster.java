package dev.meshbone.testkit;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A running Kafka cluster with an Apicurio Registry beside it. Closing it stops what it started. */
public interface MeshCluster extends AutoCloseable {

    /** Which kind of cluster this is. */
    Backend backend();

    /** Kafka {@code bootstrap.servers}. */
    String bootstrapServers();

    /** The registry's base URL, e.g. {@code http://127.0.0.1:8080}. */
    String registryUrl();

    /** The registry's v3 REST API, the value for the serdes' {@code apicurio.registry.url}. */
    default String registryApiUrl() {
        return registryUrl() + "/apis/registry/v3";
    }

    /** A one-line description for logs. */
    String describe();

    /** Kafka client properties that reach this cluster. */
    default Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** A new admin client; the caller closes it. */
    default Admin createAdmin() {
        return Admin.create(clientProperties());
    }

    /** Creates a topic unless it exists, and waits until it does. */
    default void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = createAdmin()) {
            admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /** Creates a topic with default configs unless it exists. */
    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    @Override
    void close();

    /** Where the cluster comes from. */
    enum Backend {
        /** Kafka in this JVM (KRaft), Apicurio Registry in a child JVM. */
        EMBEDDED,
        /** Kafka and Apicurio Registry containers through Testcontainers. */
        DOCKER,
        /** A cluster the user runs, named by environment variables. */
        EXTERNAL
    }
}
