package dev.meshbone.catalog.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.catalog.api.CatalogIndex;
import dev.meshbone.catalog.api.CatalogQueries;
import dev.meshbone.catalog.api.CatalogView;
import dev.meshbone.catalog.api.Dto;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.catalog.topology.CatalogChangeListener;
import dev.meshbone.catalog.topology.CatalogTopology;
import dev.meshbone.catalog.web.CatalogHttpServer;
import dev.meshbone.catalog.web.LiveUpdates;
import dev.meshbone.config.membership.StaticMembership;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.schemas.MeshTopics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running catalog projector: Kafka Streams, the HTTP server and the live stream. {@link CatalogApp} runs one;
 * tests, the benchmark and the launcher embed it. {@link #close()} stops the HTTP server first, then Streams
 * (which commits and leaves the group), then the rest.
 */
public final class CatalogService implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogService.class);
    /** A static member leaves only when asked: a planned stop hands its partitions over now, not a session later. */
    private static final CloseOptions CLOSE = CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    /** How often the quarantine's retention is read again: a change by ops shows within a minute. */
    private static final Duration QUARANTINE_REFRESH = Duration.ofMinutes(1);

    private final KafkaStreams streams;
    private final CatalogHttpServer http;
    private final LiveUpdates live;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry metrics;
    private final CountDownLatch stopped;
    private final Admin admin;
    private final QuarantineRetention quarantine;

    private CatalogService(KafkaStreams streams, CatalogHttpServer http, LiveUpdates live,
                           KafkaStreamsMetrics streamsMetrics, PrometheusMeterRegistry metrics, CountDownLatch stopped,
                           Admin admin, QuarantineRetention quarantine) {
        this.stopped = stopped;
        this.streams = streams;
        this.http = http;
        this.live = live;
        this.streamsMetrics = streamsMetrics;
        this.metrics = metrics;
        this.admin = admin;
        this.quarantine = quarantine;
    }

    /** Creates the topics (unless told not to), starts Streams and the HTTP server; returns once both started. */
    public static CatalogService start(CatalogConfig config) {
        Admin admin = Admin.create(adminProperties(config));
        if (config.createTopics()) {
            try {
                createTopics(config, admin);
            } catch (RuntimeException e) {
                admin.close();
                throw e;
            }
        }
        QuarantineRetention quarantine = QuarantineRetention.start(admin, MeshTopics.QUARANTINE, QUARANTINE_REFRESH);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        ObjectMapper mapper = new ObjectMapper();
        Clock clock = Clock.systemUTC();
        LiveUpdates live = new LiveUpdates(mapper);
        // The index reads the store through the Streams client the listener is built into: set before it starts.
        AtomicReference<CatalogIndex> index = new AtomicReference<>();
        CatalogChangeListener listener = (productId, entry) -> index.get().onChange(productId, entry)
                .ifPresentOrElse(live::changed, () -> live.removed(productId));

        Properties streamsProps = streamsProperties(config);
        StaticMembership.configure(streamsProps).ifPresentOrElse(
                id -> LOGGER.info("Static group member {} (a restart takes its partitions back at once)", id),
                () -> LOGGER.info("Dynamic group member (kafka.group.instance.id is empty)"));
        KafkaStreams streams = new KafkaStreams(CatalogTopology.build(config, listener), streamsProps);
        CatalogView view = new StreamsCatalogView(streams);
        index.set(new CatalogIndex(view, clock)); // before start: no change goes unheard
        streams.setUncaughtExceptionHandler(e -> {
            LOGGER.error("Catalog projector stream thread failed; shutting the projector's Streams client down", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);

        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOGGER.info("Catalog projector Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.start();

        CatalogQueries queries = new CatalogQueries(view, index.get(), clock, quarantine::current);
        CatalogHttpServer http;
        try {
            http = CatalogHttpServer.start(config.httpHost(), config.httpPort(), config.corsOrigins(),
                    new CatalogHttpServer.Routes(queries, live, () -> health(streams, view), metrics, mapper));
        } catch (RuntimeException e) {
            streams.close(CLOSE);
            live.close();
            quarantine.close();
            admin.close();
            throw e;
        }
        return new CatalogService(streams, http, live, streamsMetrics, metrics, stopped, admin, quarantine);
    }

    /** The Kafka Streams settings: safe defaults for a low-volume, latency-sensitive catalog; kafka.* last. */
    static Properties streamsProperties(CatalogConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        // Projection is idempotent (stats replace, violations de-duplicate, descriptors overwrite): at-least-once.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // The catalog is a projection: a record it cannot fold is logged and skipped, not a reason to stop serving.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(config.streamsOverrides());
        return props;
    }

    /** The five topics, as their mesh definitions say, under the names this catalog is configured with. */
    private static void createTopics(CatalogConfig config, Admin admin) {
        CatalogConfig.Topics t = config.topics();
        new TopicProvisioner(admin, config.replicationFactor()).ensure(List.of(
                MeshTopicDefinitions.PRODUCTS.named(t.products()),
                MeshTopicDefinitions.VIOLATIONS.named(t.violations()),
                MeshTopicDefinitions.STATS.named(t.stats()),
                MeshTopicDefinitions.CATALOG.named(t.catalog()),
                MeshTopicDefinitions.ACCESS.named(t.access())), TOPIC_TIMEOUT);
    }

    /** Bootstrap servers and any client setting among the {@code kafka.*} overrides (security, for one). */
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

    private static Dto.Health health(KafkaStreams streams, CatalogView view) {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        long products = -1;
        if (up) {
            try {
                products = view.size();
            } catch (CatalogView.UnavailableException e) {
                up = false;
            }
        }
        return new Dto.Health(up ? "UP" : "DOWN", state.name(), products);
    }

    /** The HTTP port (the chosen one when http.port is 0). */
    public int httpPort() {
        return http.port();
    }

    /** The Streams client's state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Active tasks this instance runs now: with several instances, each owns a share of the products. */
    public int activeTasks() {
        return streams.metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /** Waits until Streams stops by itself (a fatal error) or is closed; false on timeout. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        LOGGER.info("Stopping the catalog projector");
        http.close();
        streams.close(CLOSE);
        live.close();
        quarantine.close();
        admin.close();
        streamsMetrics.close();
        metrics.close();
        stopped.countDown();
    }
}
