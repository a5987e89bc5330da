package dev.meshbone.sdk.internal.kafka;

import dev.meshbone.sdk.MeshException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics the SDK owns when they are absent (the broker's auto-creation may be, and should be, off). */
public final class Topics {

    private static final Logger LOGGER = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    /**
     * Creates a topic unless it exists. Existence is checked first, so a client allowed to describe but not to
     * create topics works against topics someone else created.
     *
     * @param replicationFactor -1 for the broker's default
     */
    public static void ensure(Admin admin, String name, int partitions, short replicationFactor,
                              Map<String, String> configs, Instant deadline) {
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get(remaining(deadline), TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw failure("describe", name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new MeshException("Kafka did not describe topic " + name + " within the open timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted while describing topic " + name, e);
        }
        NewTopic topic = new NewTopic(name, Optional.of(partitions),
                replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor)).configs(configs);
        try {
            admin.createTopics(List.of(topic)).all().get(remaining(deadline), TimeUnit.MILLISECONDS);
            LOGGER.info("Created topic {} ({} partitions, {})", name, partitions, configs);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile
                throw failure("create", name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new MeshException("Kafka did not create topic " + name + " within the open timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted while creating topic " + name, e);
        }
    }

    private static MeshException failure(String action, String topic, Throwable cause) {
        String hint = cause instanceof TopicAuthorizationException
                ? "; this client may not " + action + " it: ask the platform team to create it or grant the ACL" : "";
        return new MeshException("Cannot " + action + " topic " + topic + ": " + cause.getMessage() + hint, cause);
    }

    /** Milliseconds left until the deadline, at least 1. */
    public static long remaining(Instant deadline) {
        return Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    }
}
