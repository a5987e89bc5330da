package dev.meshbone.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node that is both controller and broker. Storage is formatted
 * first, as {@code kafka-storage format} does; internal topics get one partition and replication factor one so
 * transactions and group joins are fast on a single node.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final int port;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, boolean ownsLogDir, int port) {
        this.server = server;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
        this.port = port;
    }

    /** Starts a broker on free ports with its data in a temporary directory that {@link #close()} deletes. */
    public static EmbeddedKafka start() {
        return start(0, null);
    }

    /**
     * Starts a broker.
     *
     * @param port    the client port, or 0 for a free one
     * @param dataDir where the log lives and survives a restart, or null for a temporary directory
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return PortRetry.start("Kafka", port, (brokerPort, controllerPort) -> startOnce(brokerPort, controllerPort,
                dataDir), EmbeddedKafka::causedByBind);
    }

    private static EmbeddedKafka startOnce(int brokerPort, int controllerPort, Path dataDir) {
        long started = System.nanoTime();
        boolean temporary = dataDir == null;
        Path logDir;
        try {
            logDir = temporary ? Files.createTempDirectory("meshbone-kafka-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log directory", e);
        }
        Properties props = brokerProperties(brokerPort, controllerPort, logDir);
        KafkaRaftServer server = null;
        try {
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props, logDir); // once: a formatted folder keeps its cluster id across restarts
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, temporary, brokerPort);
            kafka.awaitReady(Duration.ofSeconds(60));
            LOGGER.info("Kafka {} (KRaft) ready at {} in {} ms", Versions.kafka(), kafka.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return kafka;
        } catch (RuntimeException e) {
            if (server != null) {
                stopQuietly(server);
            }
            if (temporary) {
                Directories.deleteQuietly(logDir);
            }
            throw e;
        }
    }

    static Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return props;
    }

    private static void format(Properties props, Path logDir) {
        Path config = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "written by Meshbone for kafka-storage format");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers() + " not ready after "
                                + timeout.toSeconds() + " s", e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** {@code bootstrap.servers} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** Where the log lives. */
    public Path directory() {
        return logDir;
    }

    @Override
    public void close() {
        stopQuietly(server);
        if (ownsLogDir) {
            Directories.deleteQuietly(logDir);
        }
    }

    private static void stopQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOGGER.warn("Kafka did not shut down cleanly: {}", e.toString());
        }
    }
}
