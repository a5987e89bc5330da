package dev.meshbone.governance.app;

import dev.meshbone.config.membership.StaticMembership;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.pii.keys.KeyEncryptionKeys;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.config.GovernanceSettings;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.envelope.RegistryFault;
import dev.meshbone.governance.envelope.RegistrySchemaLookup;
import dev.meshbone.governance.keys.DataKeyCache;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.governance.topology.GovernanceTopology;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs governance: {@code java -cp ... dev.meshbone.governance.app.GovernanceApp [config.properties]}; environment
 * variables override the file (see the README table). SIGTERM stops it gracefully: the current transaction commits
 * or aborts, state is flushed, and a restart continues exactly where it stopped.
 */
public final class GovernanceApp implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(GovernanceApp.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final HealthServer http;
    private final Admin admin;
    private final RegistrySchemaLookup schemas;
    private final ContractIndex contracts;
    private final PrometheusMeterRegistry meters;
    private final DataKeyCache keyCache;
    private final ExecutorService topicProvisioning;

    private GovernanceApp(GovernanceConfig config) {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        Properties adminProps = new Properties();
        adminProps.putAll(config.streamsOverrides());
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        admin = Admin.create(adminProps);
        TopicProvisioner topics = new TopicProvisioner(admin, config.replicationFactor());
        topics.ensure(List.of(MeshTopicDefinitions.PRODUCTS,
                MeshTopicDefinitions.quarantine(config.quarantineRetention()), MeshTopicDefinitions.VIOLATIONS,
                MeshTopicDefinitions.STATS, MeshTopicDefinitions.KEYS), TOPIC_TIMEOUT);
        Optional<KeyEncryptionKeys> keks = config.openKeystore();
        if (keks.isEmpty()) {
            LOGGER.warn("No keystore ({}): ENCRYPTed fields are dropped from public topics", GovernanceSettings.KEYSTORE);
        }
        keyCache = new DataKeyCache(config.keyCacheSize());
        FunctionCounter.builder("meshbone.governance.data.keys.lookups", keyCache, DataKeyCache::hits)
                .description("Data-key lookups").tag("result", "hit").register(meters);
        FunctionCounter.builder("meshbone.governance.data.keys.lookups", keyCache, DataKeyCache::misses)
                .description("Data-key lookups").tag("result", "miss").register(meters);
        FunctionCounter.builder("meshbone.governance.data.keys.created", keyCache, DataKeyCache::created)
                .description("Data keys created (one record on mesh.keys each)").register(meters);
        schemas = new RegistrySchemaLookup(config.registryUrl(), config.registryUsername(),
                config.registryAuthorization(), config.registryRetryTimeout());
        for (RegistryFault fault : RegistryFault.values()) {
            FunctionCounter.builder("meshbone.governance.registry.faults", schemas, s -> s.faults(fault))
                    .description("Failed registry calls (each retry counts), by why")
                    .tag("fault", fault.name().toLowerCase(Locale.ROOT)).register(meters);
        }
        // Public topics are created here, not on the global thread (which would stall up to TOPIC_TIMEOUT); a
        // contract is in force once its topic exists, and its product's records are held until then.
        topicProvisioning = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "governance-topic-provisioning");
            thread.setDaemon(true);
            return thread;
        });
        contracts = new ContractIndex(names -> topics.ensure(names.stream().map(name -> MeshTopicDefinitions
                .publicTopic(name, config.publicTopicPartitions())).toList(), TOPIC_TIMEOUT), topicProvisioning);
        Gauge.builder("meshbone.governance.products.awaiting.topic", contracts, ContractIndex::waitingForTopics)
                .description("Products whose public topic is being created (their records are held)")
                .register(meters);
        Topology topology = GovernanceTopology.build(config, schemas, contracts,
                new MicrometerGovernanceMetrics(meters), new Keyring(keks, keyCache));
        Properties streamsProps = streamsProperties(config);
        StaticMembership.configure(streamsProps).ifPresentOrElse(
                id -> LOGGER.info("Static group member {} (a restart takes its partitions back at once)", id),
                () -> LOGGER.info("Dynamic group member (kafka.group.instance.id is empty)"));
        streams = new KafkaStreams(topology, streamsProps);
        streams.setUncaughtExceptionHandler(exception -> {
            // Transient faults (registry down, broker restart) end here after their retries: a fresh thread
            // resumes from the last committed transaction, so nothing is lost or duplicated.
            if (isNewPatternTopic(exception)) {
                // Kafka Streams cannot add a pattern-matched topic to a running task; a fresh thread can.
                LOGGER.info("A new ingress or contract topic appeared; restarting the stream thread to pick it up");
            } else {
                LOGGER.error("Stream thread failed; replacing it to resume from the last commit", exception);
            }
            // Kafka Streams 4.4 cannot replace its global thread (it fails casting it to a stream thread): a failed
            // global thread shuts the client down, and /health says DOWN.
            return Thread.currentThread().getName().endsWith("-GlobalStreamThread")
                    ? StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT
                    : StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        new KafkaStreamsMetrics(streams).bindTo(meters);
        http = new HealthServer(config.httpPort(), this::health, meters::scrape);
    }

    /** Creates topics, starts the streams app and the HTTP endpoints; returns without waiting for RUNNING. */
    public static GovernanceApp start(GovernanceConfig config) {
        GovernanceApp app = new GovernanceApp(config);
        app.streams.start();
        LOGGER.info("Governance {} started: bootstrap {}, registry {}, health on :{}", config.instanceId(),
                config.bootstrapServers(), config.registryUrl(), app.http.port());
        return app;
    }

    static Properties streamsProperties(GovernanceConfig config) {
        Properties props = new Properties();
        props.putAll(config.streamsOverrides());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                QuarantineOnDeserializationError.class);
        props.put(QuarantineOnDeserializationError.INSTANCE_ID_CONFIG, config.instanceId());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG),
                (int) config.topicRefresh().toMillis());
        // A task reads one partition of every ingress topic (a pattern); records of different topics need no order
        // between them, so a task never waits for an empty one. Kafka Streams 4.4 also formats log lines for empty
        // partitions on every record unless idling is off: 16 % of the thread.
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        return props;
    }

    private static boolean isNewPatternTopic(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.streams.errors.TopologyException
                    && String.valueOf(t.getMessage()).contains("is unknown to the topology")) {
                return true;
            }
        }
        return false;
    }

    /** UP when running with a reachable registry, DEGRADED when the registry is not, DOWN otherwise. */
    HealthServer.Health health() {
        KafkaStreams.State state = streams.state();
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        String status = !running ? "DOWN" : schemas.healthy() ? "UP" : "DEGRADED";
        return new HealthServer.Health(status, state.name(), schemas.healthy(), contracts.size());
    }

    /** The health endpoint's port. */
    public int httpPort() {
        return http.port();
    }

    /** The Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** This instance's data-key cache: its hits, misses and created keys. */
    public DataKeyCache keyCache() {
        return keyCache;
    }

    /** Remote registry calls so far (flat after warm-up). */
    public long registryCalls() {
        return schemas.remoteCalls();
    }

    /** The Kafka Streams client metrics, its consumers' and producers' included (also on /metrics). */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    @Override
    public void close() {
        // Exactly-once makes a cut-short close safe: an unfinished transaction aborts and is redone on restart. A
        // static member leaves only when asked: a planned stop hands its partitions over now, not a session later.
        if (!streams.close(CloseOptions.timeout(Duration.ofSeconds(10))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOGGER.warn("Kafka Streams did not stop within 10 s; open transactions abort and are redone on restart");
        }
        http.close();
        topicProvisioning.shutdownNow();
        admin.close(Duration.ofSeconds(5));
        meters.close();
    }

    public static void main(String[] args) throws InterruptedException {
        GovernanceConfig config;
        try {
            config = GovernanceConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
        } catch (RuntimeException e) {
            System.err.println("governance: " + e.getMessage());
            System.exit(2);
            return;
        }
        GovernanceApp app = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGGER.info("Stopping governance");
            app.close();
            stopped.countDown();
        }, "governance-shutdown"));
        stopped.await();
    }
}
