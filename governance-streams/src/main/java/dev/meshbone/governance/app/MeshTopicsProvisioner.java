package dev.meshbone.governance.app;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.schemas.MeshTopics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics governance writes to, when they are absent: the mesh's own topics and each public topic. */
final class MeshTopicsProvisioner {

    private static final Logger LOGGER = LoggerFactory.getLogger(MeshTopicsProvisioner.class);
    private static final long QUARANTINE_RETENTION_MS = TimeUnit.DAYS.toMillis(30);

    private final Admin admin;
    private final GovernanceConfig config;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    MeshTopicsProvisioner(Admin admin, GovernanceConfig config) {
        this.admin = admin;
        this.config = config;
    }

    void createMeshTopics() {
        create(List.of(
                new NewTopic(MeshTopics.PRODUCTS, 1, config.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(MeshTopics.QUARANTINE, config.publicTopicPartitions(), config.replicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(QUARANTINE_RETENTION_MS))),
                new NewTopic(MeshTopics.VIOLATIONS, config.publicTopicPartitions(), config.replicationFactor()),
                new NewTopic(MeshTopics.STATS, config.publicTopicPartitions(), config.replicationFactor())));
    }

    /** Called on the global thread when a contract is announced: its public topic must exist before records flow. */
    void ensurePublicTopic(DataProductDescriptor descriptor) {
        if (known.add(descriptor.getPublicTopic())) {
            create(List.of(new NewTopic(descriptor.getPublicTopic(), config.publicTopicPartitions(),
                    config.replicationFactor())));
        }
    }

    private void create(List<NewTopic> topics) {
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
                LOGGER.info("Created topic {}", name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    known.remove(name);
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                known.remove(name);
                throw new IllegalStateException("timed out creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + name, e);
            }
        });
    }
}
