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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node that is both controller and broker. Storage is formatted
 * first, as {@code kafka-storage format} does; internal topics get one partition and replication factor one so
 * transactions and group joins are fast on a single node.
 *
 * <p>{@link #startSecure} runs it with SASL/SCRAM-SHA-512 on the client listener, SASL/PLAIN on the controller
 * listener (SCRAM there is KAFKA-15513), the {@code StandardAuthorizer} and no access without an ACL: only
 * {@code broker}, {@code controller} and the admin are super users. {@link #start} runs it without security.
 *
 * <p>{@link #startInChildJvm} runs the same broker in a child JVM of this one (this JVM's class path), so that
 * {@link #kill()} is a real crash (no clean shutdown, no last flush) and {@link #startAgain()} a restart on the same
 * log, ports and credentials, as the chaos benchmark needs. Any start on the log of a crash (in a child JVM or in
 * this one) first runs the node as a controller alone until it fenced the dead incarnation
 * ({@link CrashedIncarnation} says why: otherwise a prepared commit can hang).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The child's settings: its file is private (JAAS passwords) and the child deletes it once read. */
    private static final String CHILD_CONFIG = "child-server.properties";
    private static final String CHILD_JVM_OPTIONS = "-Xmx512m";

    /** The broker in this JVM; null when it runs in a child. */
    private final KafkaRaftServer server;
    /** The child JVM (under its watchdog) that runs the broker; null when it runs in this JVM. */
    private final Process process;
    private final Thread shutdownHook;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final int port;
    private final int controllerPort;
    private final BrokerSecurity security;

    private EmbeddedKafka(KafkaRaftServer server, Process process, Path logDir, boolean ownsLogDir, int port,
                          int controllerPort, BrokerSecurity security) {
        this.server = server;
        this.process = process;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
        this.shutdownHook = process == null ? null : new Thread(() -> ChildJvm.stop(process, 30),
                "meshbone-kafka-shutdown");
        if (shutdownHook != null) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Starts a broker without security (PLAINTEXT) on free ports with its data in a temporary directory that
     * {@link #close()} deletes.
     */
    public static EmbeddedKafka start() {
        return start(0, null);
    }

    /**
     * Starts a broker without security (PLAINTEXT listeners, no authorizer).
     *
     * @param port    the client port, or 0 for a free one
     * @param dataDir where the log lives and survives a restart, or null for a temporary directory
     */
    public static EmbeddedKafka start(int port, Path dataDir) {
        return start(port, dataDir, null);
    }

    /**
     * Starts a secure broker. A new log directory is formatted with the SCRAM credentials of {@code broker} and
     * the admin; a formatted one keeps the credentials it has, so give it the same passwords again.
     *
     * @param port     the client port, or 0 for a free one
     * @param dataDir  where the log lives and survives a restart, or null for a temporary directory
     * @param security the broker's, the controller's and the admin's passwords
     */
    public static EmbeddedKafka startSecure(int port, Path dataDir, BrokerSecurity security) {
        return start(port, dataDir, java.util.Objects.requireNonNull(security, "security"));
    }

    /**
     * Starts a broker in a child JVM: the same broker as {@link #start} or {@link #startSecure}, in a process of its
     * own so that it can crash. Its log is {@code broker.log} in the log directory.
     *
     * @param port     the client port, or 0 for a free one
     * @param dataDir  where the log lives and survives a restart, or null for a temporary directory
     * @param security the passwords for a secure broker, or null for one without security
     */
    public static EmbeddedKafka startInChildJvm(int port, Path dataDir, BrokerSecurity security) {
        return start(port, dataDir, security, true);
    }

    private static EmbeddedKafka start(int port, Path dataDir, BrokerSecurity security) {
        return start(port, dataDir, security, false);
    }

    private static EmbeddedKafka start(int port, Path dataDir, BrokerSecurity security, boolean child) {
        return PortRetry.start("Kafka", port, (brokerPort, controllerPort) -> {
            boolean temporary = dataDir == null;
            Path logDir;
            try {
                logDir = temporary ? Files.createTempDirectory("meshbone-kafka-") : Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Kafka log directory", e);
            }
            try {
                return startOnce(brokerPort, controllerPort, logDir, temporary, security, child);
            } catch (RuntimeException e) {
                if (temporary) {
                    Directories.deleteQuietly(logDir);
                }
                throw e;
            }
        }, EmbeddedKafka::causedByBind);
    }

    private static EmbeddedKafka startOnce(int brokerPort, int controllerPort, Path logDir, boolean ownsLogDir,
                                           BrokerSecurity security, boolean child) {
        long started = System.nanoTime();
        Properties props = brokerProperties(brokerPort, controllerPort, logDir);
        if (security != null) {
            props.putAll(securityProperties(security));
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(props, logDir, security); // once: a formatted folder keeps its cluster id across restarts
        }
        EmbeddedKafka kafka = child
                ? new EmbeddedKafka(null, startChild(props, logDir), logDir, ownsLogDir, brokerPort, controllerPort,
                        security)
                : new EmbeddedKafka(startServer(props), null, logDir, ownsLogDir, brokerPort, controllerPort,
                        security);
        try {
            kafka.awaitReady();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        LOGGER.info("Kafka {} (KRaft, {}) ready at {} in {} ms{}", Versions.kafka(),
                security == null ? "PLAINTEXT" : "SASL_PLAINTEXT/SCRAM-SHA-512 with ACLs", kafka.bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                child ? " (child JVM, pid " + kafka.process.pid() + ")" : "");
        return kafka;
    }

    private static KafkaRaftServer startServer(Properties props) {
        KafkaRaftServer server = CrashedIncarnation.newNode(props);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw e;
        }
    }

    private static Process startChild(Properties props, Path logDir) {
        Path config = logDir.resolve(CHILD_CONFIG);
        writePrivate(props, config, "written by Meshbone for a broker in a child JVM, which deletes it once read");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(CHILD_JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildBroker.class.getName(),
                config.toString()));
        try {
            return new ProcessBuilder(ChildJvm.diesWithThisJvm("meshbone-kafka", command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(ChildBroker.LOG).toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    static Properties brokerProperties(int brokerPort, int controllerPort, Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "CLIENT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "CLIENT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "CLIENT");
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
        // A broker restarted after a crash cannot register until the controller (restarted with it, and knowing
        // nothing of the crash) lets its dead incarnation's session expire: 9 s by default, 4 s here. Heartbeats come
        // often enough for a loaded machine not to fence a live broker.
        props.put("broker.session.timeout.ms", "4000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        return props;
    }

    /**
     * The secure listeners: SCRAM for clients and the broker itself, PLAIN for the controller (KAFKA-15513), the
     * KRaft authorizer, and nobody but the three super users without an ACL.
     */
    static Properties securityProperties(BrokerSecurity security) {
        Properties props = new Properties();
        props.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        props.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + Secrets.BROKER
                        + "\" password=\"" + security.brokerPassword() + "\";");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + Secrets.CONTROLLER
                        + "\" password=\"" + security.controllerPassword() + "\" user_" + Secrets.CONTROLLER
                        + "=\"" + security.controllerPassword() + "\";");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + Secrets.BROKER + ";User:" + Secrets.CONTROLLER + ";User:"
                + security.admin().name());
        return props;
    }

    private static void format(Properties props, Path logDir, BrokerSecurity security) {
        // The tool reads a config file; it holds the JAAS passwords, so it is private and deleted right after.
        Path config = logDir.resolve("server.properties");
        writePrivate(props, config, "written by Meshbone for kafka-storage format");
        List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", config.toString()));
        if (security != null) {
            // In this JVM, not a child process: the passwords never reach a command line others can read.
            args.addAll(List.of("--add-scram", scram(Secrets.BROKER, security.brokerPassword()),
                    "--add-scram", scram(security.admin().name(), security.admin().password())));
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try {
            exit = StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true,
                    StandardCharsets.UTF_8));
        } finally {
            try {
                Files.deleteIfExists(config);
            } catch (IOException e) {
                LOGGER.warn("cannot delete {}: {}", config, e.toString());
            }
        }
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed (" + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void writePrivate(Properties props, Path file, String comment) {
        try {
            Files.deleteIfExists(file);
            Secrets.createPrivateFile(file);
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, comment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String scram(String user, String password) {
        return "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]";
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(adminProperties())) {
            while (true) {
                if (process != null && !process.isAlive()) {
                    Path log = logDir.resolve(ChildBroker.LOG);
                    throw new IllegalStateException("Kafka's JVM exited with code " + process.exitValue()
                            + " before it was ready. Last lines of " + log + ":\n" + ChildJvm.tail(log));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + bootstrapServers() + " not ready after "
                                + READY_TIMEOUT.toSeconds() + " s", e);
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

    /**
     * Creates or updates a SCRAM-SHA-512 user and waits until the broker accepts a login with it: credentials
     * reach the broker's authenticator asynchronously, after the controller committed them.
     *
     * @throws IllegalStateException when this broker runs without security, or the login still fails after 30 s
     */
    public void upsertScramUser(MeshPrincipal principal) {
        requireSecure();
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(principal.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), principal.password())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create the SCRAM user " + principal.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the SCRAM user " + principal.name(), e);
        }
        awaitLogin(principal, Duration.ofSeconds(30));
    }

    private void awaitLogin(MeshPrincipal principal, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = ClientSettings.kafka(bootstrapServers(), principal);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        while (true) {
            // A fresh client per try: one that failed to authenticate backs off for its reconnect time.
            try (Admin user = Admin.create(props)) {
                user.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker does not accept a login as " + principal.name(),
                            e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no login as " + principal.name() + " after "
                            + timeout.toSeconds() + " s", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while logging in as " + principal.name(), e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while logging in as " + principal.name(), e);
            }
        }
    }

    /**
     * Client properties of a super user: the admin's SASL settings on a secure broker, only
     * {@code bootstrap.servers} on a plaintext one.
     */
    public Properties adminProperties() {
        if (security == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            return props;
        }
        return ClientSettings.kafka(bootstrapServers(), security.admin());
    }

    /** Whether this broker authenticates and authorises. */
    public SecurityMode securityMode() {
        return security == null ? SecurityMode.PLAINTEXT : SecurityMode.SECURE;
    }

    private void requireSecure() {
        if (security == null) {
            throw new IllegalStateException("this broker runs without security (PLAINTEXT): it has no users");
        }
    }

    /** {@code bootstrap.servers} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    boolean inChildJvm() {
        return process != null;
    }

    /** Where the log lives. */
    public Path directory() {
        return logDir;
    }

    /**
     * A crash: SIGKILLs the child JVM that runs the broker (no clean shutdown). {@link #startAgain()} brings it back;
     * until then clients cannot connect.
     *
     * @throws IllegalStateException when the broker runs in this JVM
     */
    public void kill() {
        ChildJvm.kill(requireChild());
    }

    /**
     * Starts the child again (after {@link #kill()}, or stops it first) on the same ports, log and credentials: it
     * recovers the log as after any unclean shutdown.
     *
     * @return the running broker; this instance is closed
     * @throws IllegalStateException when the broker runs in this JVM
     */
    public EmbeddedKafka startAgain() {
        requireChild();
        stop();
        return startOnce(port, controllerPort, logDir, ownsLogDir, security, true);
    }

    private Process requireChild() {
        if (process == null) {
            throw new IllegalStateException("this broker runs in this JVM: start it with startInChildJvm to crash it");
        }
        return process;
    }

    @Override
    public void close() {
        stop();
        if (ownsLogDir) {
            Directories.deleteQuietly(logDir);
        }
    }

    private void stop() {
        if (server != null) {
            stopQuietly(server);
            return;
        }
        ChildJvm.stop(process, 30);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
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
