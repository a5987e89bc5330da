package dev.meshbone.cli.ops;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.ResourceNotFoundException;

/** Admin API calls of {@code mesh domain} and {@code mesh access}, failing in one line. */
final class AdminCalls {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private AdminCalls() {
    }

    /** The future's value; {@link IllegalStateException} saying what could not be done otherwise. */
    static <T> T await(KafkaFuture<T> future, String action) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String hint = e.getCause() instanceof ClusterAuthorizationException
                    ? " (run it as the admin: users and ACLs need ALTER on the cluster)" : "";
            throw new IllegalStateException("cannot " + action + ": " + e.getCause().getMessage() + hint,
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in time to " + action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + action, e);
        }
    }

    /** Whether the cluster has a SCRAM user of this name. */
    static boolean userExists(Admin admin, String user) {
        try {
            admin.describeUserScramCredentials(List.of(user)).description(user)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return false;
            }
            throw new IllegalStateException("cannot look up the user " + user + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe the user " + user + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up the user " + user, e);
        }
    }

    /** Whether the topic exists. */
    static boolean topicExists(Admin admin, String topic) {
        return await(admin.listTopics().names(), "list topics").contains(topic);
    }
}
