package dev.meshbone.testkit;

import dev.meshbone.config.SharedSettings;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A running Kafka cluster with an Apicurio Registry beside it. Closing it stops what it started.
 *
 * <p>The embedded backend is secure (SASL/SCRAM and ACLs, registry basic auth): {@link #clientProperties()},
 * {@link #settings()} and {@link #registryHeaders()} act as its super user {@code admin}, so tests that do not care
 * about security work unchanged; {@link #createPrincipal} gives a test another identity. The Docker and external
 * backends run without security: there the same methods carry no credentials and principals are unsupported.
 */
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

    /** Kafka client properties that reach this cluster: the super user's when the cluster is secure. */
    default Properties clientProperties() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Kafka client properties of a super user (the same as {@link #clientProperties()}). */
    default Properties adminProperties() {
        return clientProperties();
    }

    /** Whether this cluster authenticates and authorises (the embedded backend does). */
    default boolean secure() {
        return admin().isPresent();
    }

    /** The super user ({@code admin}: Kafka super user, registry {@code sr-admin}) of a secure cluster. */
    default Optional<MeshPrincipal> admin() {
        return Optional.empty();
    }

    /**
     * Meshbone settings (the SDK's {@code MeshConfig}, governance's and the catalog's format) as the super user:
     * {@code bootstrap.servers}, {@code registry.url}, and on a secure cluster {@code registry.username},
     * {@code registry.password} and the {@code kafka.*} SASL settings.
     */
    default Map<String, String> settings() {
        return admin().map(this::settings).orElseGet(() -> {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(SharedSettings.BOOTSTRAP_SERVERS, bootstrapServers());
            settings.put(SharedSettings.REGISTRY_URL, registryApiUrl());
            return settings;
        });
    }

    /**
     * {@code bootstrap.servers} and the {@code kafka.*} settings of {@link #settings()}: for components that define
     * no registry settings (the catalog, governance).
     */
    default Map<String, String> kafkaSettings() {
        Map<String, String> kafka = new LinkedHashMap<>();
        settings().forEach((k, v) -> {
            if (k.equals(SharedSettings.BOOTSTRAP_SERVERS) || k.startsWith("kafka.")) {
                kafka.put(k, v);
            }
        });
        return kafka;
    }

    /** {@link #settings()} as properties, for {@code MeshConfig.Builder.properties} and the apps' {@code from}. */
    default Properties settingsProperties() {
        Properties props = new Properties();
        props.putAll(settings());
        return props;
    }

    /** HTTP headers for registry calls as the super user: {@code Authorization} when secure, none otherwise. */
    default Map<String, String> registryHeaders() {
        return admin().map(a -> Map.of("Authorization", a.basicAuthorization())).orElse(Map.of());
    }

    /**
     * Creates a principal (a Kafka SCRAM user without ACLs and a registry user with its kind's role) or returns
     * the existing one of that name.
     *
     * @throws UnsupportedOperationException on a cluster without security
     */
    default MeshPrincipal createPrincipal(String name, PrincipalKind kind) {
        throw new UnsupportedOperationException(backend() + " backend runs without security: no principals");
    }

    /** Kafka client properties that log in as the principal. */
    default Properties clientProperties(MeshPrincipal principal) {
        throw new UnsupportedOperationException(backend() + " backend runs without security: no principals");
    }

    /** Meshbone settings that connect as the principal (see {@link #settings()}). */
    default Map<String, String> settings(MeshPrincipal principal) {
        throw new UnsupportedOperationException(backend() + " backend runs without security: no principals");
    }

    /**
     * Creates a registry group as the super user, owned by {@code owner}.
     *
     * @throws UnsupportedOperationException on a cluster without security
     */
    default void createRegistryGroup(String group, String owner) {
        throw new UnsupportedOperationException(backend() + " backend runs without security: no owners");
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
