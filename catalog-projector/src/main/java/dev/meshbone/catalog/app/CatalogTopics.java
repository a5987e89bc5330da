package dev.meshbone.catalog.app;

import dev.meshbone.catalog.config.CatalogConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the projector's topics when absent: descriptors and catalog compacted, as the wire contract says. */
final class CatalogTopics {

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogTopics.class);
    private static final Map<String, String> COMPACTED = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT);

    private CatalogTopics() {
    }

    static void ensure(CatalogConfig config) {
        CatalogConfig.Topics t = config.topics();
        Optional<Integer> partitions = Optional.of(config.topicPartitions());
        Optional<Short> replication = config.replicationFactor() == -1 ? Optional.empty()
                : Optional.of(config.replicationFactor());
        List<NewTopic> topics = List.of(
                new NewTopic(t.products(), partitions, replication).configs(COMPACTED),
                new NewTopic(t.violations(), partitions, replication),
                new NewTopic(t.stats(), partitions, replication),
                new NewTopic(t.catalog(), partitions, replication).configs(COMPACTED));
        try (Admin admin = Admin.create(adminProperties(config))) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> created : result.values().entrySet()) {
                try {
                    created.getValue().get();
                    LOGGER.info("Created topic {}", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Bootstrap servers and any client setting among the {@code streams.*} overrides (security, for one). */
    private static Properties adminProperties(CatalogConfig config) {
        Properties props = new Properties();
        Set<String> adminConfigs = AdminClientConfig.configNames();
        config.streamsOverrides().forEach((k, v) -> {
            if (adminConfigs.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return props;
    }
}
