package dev.meshbone.config.topics;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What one mesh topic must look like: its name, partitions and topic configs (cleanup policy, retention,
 * compaction). The replication factor is not part of it: it is a setting ({@code topic.replication.factor}) of the
 * component that provisions it.
 *
 * @param name       the topic
 * @param partitions how many partitions it is created with
 * @param configs    topic configs it is created with, e.g. {@code cleanup.policy=compact}
 * @param kept       the keys of {@code configs} an existing topic is brought back to (the quarantine's
 *                   {@code retention.ms}: a promise about personal data); a difference in any other is only reported
 */
public record TopicDefinition(String name, int partitions, Map<String, String> configs, Set<String> kept) {

    public TopicDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a topic needs a name");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, not " + partitions);
        }
        configs = Map.copyOf(configs);
        kept = Set.copyOf(kept);
        if (!configs.keySet().containsAll(kept)) {
            throw new IllegalArgumentException("topic " + name + " keeps configs it does not define: " + kept);
        }
    }

    /** A definition whose configs are only set at creation. */
    public TopicDefinition(String name, int partitions, Map<String, String> configs) {
        this(name, partitions, configs, Set.of());
    }

    /** The {@code cleanup.policy}, {@code delete} unless the definition says otherwise. */
    public String cleanupPolicy() {
        return configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }

    /** The {@code retention.ms}, when the definition sets one (compacted topics keep every key's latest value). */
    public Optional<Long> retentionMs() {
        return Optional.ofNullable(configs.get(TopicConfig.RETENTION_MS_CONFIG)).map(Long::parseLong);
    }

    /** The same definition under another name (a deployment that renames a mesh topic). */
    public TopicDefinition named(String otherName) {
        return new TopicDefinition(otherName, partitions, configs, kept);
    }

    /** The Admin API request; {@code replicationFactor} -1 takes the broker's default. */
    public NewTopic newTopic(short replicationFactor) {
        return new NewTopic(name, Optional.of(partitions),
                replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor))
                .configs(new TreeMap<>(configs));
    }
}
