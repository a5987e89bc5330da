package dev.meshbone.config.topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates mesh topics from their {@link TopicDefinition} when they are absent, through the Admin API. Idempotent
 * and safe when components start together: a topic created by someone else meanwhile ({@link TopicExistsException})
 * counts as existing. An existing topic whose partitions or configs differ from its definition is left alone (a
 * provisioner must not repartition or re-configure a live topic) but logged as a WARN, except the configs the
 * definition keeps ({@link TopicDefinition#kept()}, the quarantine's retention): those are set back to the definition's
 * value (incrementalAlterConfigs, which needs ALTER_CONFIGS on the topic), logged at INFO, or at WARN when the client
 * may not. Topics it has seen once are not checked again by the same provisioner.
 */
public final class TopicProvisioner {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    /**
     * @param admin             the component's admin client (the caller closes it)
     * @param replicationFactor of topics it creates; -1 for the broker's default
     */
    public TopicProvisioner(Admin admin, short replicationFactor) {
        if (replicationFactor != -1 && replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be -1 or at least 1, not " + replicationFactor);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /**
     * Makes sure every topic exists, creating the absent ones; returns the names of those it created. Existence is
     * checked first, so a client allowed to describe but not to create topics works against topics someone else
     * created.
     *
     * @throws TopicProvisioningException when a topic cannot be described or created within {@code timeout}
     */
    public List<String> ensure(Collection<TopicDefinition> topics, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<TopicDefinition> todo = topics.stream().filter(t -> !ensured.contains(t.name())).toList();
        if (todo.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<TopicDescription>> described = admin
                .describeTopics(todo.stream().map(TopicDefinition::name).toList()).topicNameValues();
        List<TopicDefinition> absent = new ArrayList<>();
        List<TopicDefinition> existing = new ArrayList<>();
        for (TopicDefinition topic : todo) {
            try {
                TopicDescription description = await(described.get(topic.name()), deadline);
                existing.add(topic);
                checkPartitions(topic, description.partitions().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw failure("describe", topic.name(), e.getCause());
                }
                absent.add(topic);
            }
        }
        List<String> created = create(absent, existing, deadline);
        checkConfigs(existing, deadline);
        todo.forEach(t -> ensured.add(t.name()));
        return created;
    }

    /** {@link #ensure(Collection, Duration)} for one topic; true when it created it. */
    public boolean ensure(TopicDefinition topic, Duration timeout) {
        return !ensure(List.of(topic), timeout).isEmpty();
    }

    private List<String> create(List<TopicDefinition> absent, List<TopicDefinition> existing, Instant deadline) {
        if (absent.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<Void>> results = admin
                .createTopics(absent.stream().map(t -> t.newTopic(replicationFactor)).toList()).values();
        List<String> created = new ArrayList<>();
        for (TopicDefinition topic : absent) {
            try {
                await(results.get(topic.name()), deadline);
                created.add(topic.name());
                LOGGER.info("Created topic {} ({} partitions, replication factor {}, {})", topic.name(),
                        topic.partitions(), replicationFactor == -1 ? "of the broker" : replicationFactor,
                        topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw failure("create", topic.name(), e.getCause());
                }
                // Another component created it between our describe and create: check what it made.
                existing.add(topic);
                checkPartitions(topic, partitionsOf(topic.name(), deadline));
            }
        }
        return created;
    }

    /**
     * The partitions of a topic another component has just created: until its metadata reaches the broker we ask,
     * describing it answers "unknown topic", so that is retried until the deadline.
     */
    private int partitionsOf(String topic, Instant deadline) {
        while (true) {
            try {
                return await(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), deadline)
                        .partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || Instant.now().isAfter(deadline)) {
                    throw failure("describe", topic, e.getCause());
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    private static void checkPartitions(TopicDefinition topic, int actual) {
        if (actual != topic.partitions()) {
            LOGGER.warn("Topic {} has {} partitions; its definition says {}. Left as it is.", topic.name(), actual,
                    topic.partitions());
        }
    }

    private void checkConfigs(List<TopicDefinition> existing, Instant deadline) {
        if (existing.isEmpty()) {
            return;
        }
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(existing.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList()).values();
        for (TopicDefinition topic : existing) {
            Config actual;
            try {
                actual = await(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())), deadline);
            } catch (ExecutionException e) {
                // Describing configs needs its own ACL; not being allowed to check is no reason to stop.
                LOGGER.debug("Cannot check the configs of topic {}: {}", topic.name(), e.getCause().toString());
                continue;
            }
            Map<String, String> differing = new TreeMap<>();
            topic.configs().forEach((key, defined) -> {
                ConfigEntry entry = actual.get(key);
                if (entry == null || !defined.equals(entry.value())) {
                    differing.put(key, entry == null ? "?" : entry.value());
                }
            });
            String left = differing.entrySet().stream().filter(e -> !topic.kept().contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue() + " (defined " + topic.configs().get(e.getKey()) + ")")
                    .collect(Collectors.joining(", "));
            if (!left.isEmpty()) {
                LOGGER.warn("Topic {} differs from its definition: {}. Left as it is.", topic.name(), left);
            }
            Map<String, String> kept = new TreeMap<>(differing);
            kept.keySet().retainAll(topic.kept());
            if (!kept.isEmpty()) {
                keep(topic, kept, deadline);
            }
        }
    }

    /** Sets the kept configs that differ back to the definition's values. */
    private void keep(TopicDefinition topic, Map<String, String> differing, Instant deadline) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        List<AlterConfigOp> ops = differing.keySet().stream().map(key -> new AlterConfigOp(
                new ConfigEntry(key, topic.configs().get(key)), AlterConfigOp.OpType.SET)).toList();
        String change = differing.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " -> "
                + topic.configs().get(e.getKey())).collect(Collectors.joining(", "));
        try {
            await(admin.incrementalAlterConfigs(Map.of(resource, ops)).values().get(resource), deadline);
            LOGGER.info("Topic {} brought back to its definition: {}", topic.name(), change);
        } catch (ExecutionException e) {
            LOGGER.warn("Topic {} differs from its definition ({}) and could not be changed: {}. Ask the platform team "
                    + "to set it (kafka-configs --alter --entity-type topics --entity-name {} --add-config {}) or "
                    + "to grant ALTER_CONFIGS on it.", topic.name(), change, e.getCause().toString(), topic.name(),
                    differing.keySet().stream().map(k -> k + "=" + topic.configs().get(k))
                            .collect(Collectors.joining(",")));
        }
    }

    private static <T> T await(KafkaFuture<T> future, Instant deadline) throws ExecutionException {
        try {
            return future.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("Kafka did not answer about topics in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("interrupted while provisioning topics", e);
        }
    }

    private static TopicProvisioningException failure(String action, String topic, Throwable cause) {
        String hint = cause instanceof TopicAuthorizationException || cause instanceof AuthorizationException
                ? "; this client may not " + action + " it: ask the platform team to create it or grant the ACL" : "";
        return new TopicProvisioningException("Cannot " + action + " topic " + topic + ": " + cause.getMessage() + hint,
                cause);
    }
}
