package dev.meshbone.catalog.app;

import dev.meshbone.catalog.api.Dto;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the quarantine keeps refused records, as the cluster says: the topic's {@code retention.ms}, read with
 * {@code describeConfigs} (DESCRIBE_CONFIGS only: the catalog never reads what the quarantine holds) when the catalog
 * starts and then every {@code every}, so that it shows what is true, not what a setting meant. Requests read the last
 * answer; they never wait for Kafka. Thread-safe.
 */
final class QuarantineRetention implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineRetention.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final String topic;
    private final ScheduledExecutorService timer;
    private volatile Dto.Quarantine current;
    private volatile String lastProblem;

    private QuarantineRetention(Admin admin, String topic) {
        this.admin = admin;
        this.topic = topic;
        this.current = new Dto.Quarantine(topic, null);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catalog-quarantine-retention");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the retention now, then every {@code every}; {@code admin} stays the caller's to close. */
    static QuarantineRetention start(Admin admin, String topic, Duration every) {
        QuarantineRetention retention = new QuarantineRetention(admin, topic);
        retention.timer.scheduleWithFixedDelay(retention::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return retention;
    }

    /** The last answer: the topic and its retention, or no retention while it cannot be read. */
    Dto.Quarantine current() {
        return current;
    }

    private void refresh() {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Long retention;
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
            retention = entry == null || entry.value() == null ? null : Long.parseLong(entry.value());
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String problem = cause instanceof UnknownTopicOrPartitionException ? "it does not exist yet (governance "
                    + "creates it)" : cause.toString();
            if (!problem.equals(lastProblem)) {
                LOGGER.warn("Cannot read the retention of {}: {}; the catalog shows it as unknown", topic, problem);
                lastProblem = problem;
            }
            current = new Dto.Quarantine(topic, null);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lastProblem = null;
        if (!Objects.equals(retention, current.retentionMillis())) {
            LOGGER.info("{} keeps records {} ms", topic, retention);
        }
        current = new Dto.Quarantine(topic, retention);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
