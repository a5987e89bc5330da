package dev.meshbone.cli.up;

import dev.meshbone.catalog.app.CatalogService;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.cli.demo.DemoDomains;
import dev.meshbone.embedded.Directories;
import dev.meshbone.embedded.EmbeddedKafka;
import dev.meshbone.embedded.EmbeddedRegistry;
import dev.meshbone.governance.app.GovernanceApp;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.sdk.MeshConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the whole backbone on this machine and keeps it running until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a real mesh on this machine: Kafka (KRaft), Apicurio Registry, governance and the "
                + "catalog. Ctrl-C stops everything.",
        footer = {"", "Examples:", "  mesh up --demo                      # demo domains publishing good and bad data",
                "  mesh up --data-dir ~/.meshbone      # keep topics, schemas and state across restarts",
                "  mesh up --kafka-port 19092 --catalog-port 18090"})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Run three demo domains (sales, customers, logistics) publishing "
            + "realistic records, a few of them bad.")
    boolean demo;

    @Option(names = "--data-dir", description = "Keep all data here across restarts (default: a temporary "
            + "directory deleted on exit).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8080",
            description = "Apicurio Registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--catalog-port", defaultValue = "8090",
            description = "Catalog web page and API port (default: ${DEFAULT-VALUE}).")
    int catalogPort;

    @Option(names = "--governance-port", defaultValue = "8091",
            description = "Governance /health and /metrics port (default: ${DEFAULT-VALUE}).")
    int governancePort;

    @Option(names = "--demo-rate", defaultValue = "5",
            description = "Records per second per demo product (default: ${DEFAULT-VALUE}).")
    int demoRate;

    private final PrintStream out = System.out;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        checkPortsFree();
        long started = System.nanoTime();
        if (dataDir != null) {
            dataDir = dataDir.toAbsolutePath().normalize(); // messages name the folder wherever mesh was run
        }
        Path home = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("meshbone-up-");
        out.println("Starting Meshbone" + (dataDir != null ? " (data in " + dataDir + ")" : "") + "...");
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(home, stopped), "mesh-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Progress progress = new Progress(out);
            CompletableFuture<EmbeddedRegistry> registryStart = CompletableFuture.supplyAsync(() ->
                    EmbeddedRegistry.start(registryPort, home.resolve("registry")));
            EmbeddedKafka kafka = progress.step("Kafka (KRaft broker+controller)", () -> register(
                    EmbeddedKafka.start(kafkaPort, home.resolve("kafka"))), EmbeddedKafka::bootstrapServers);
            EmbeddedRegistry registry = progress.step("Apicurio Registry", () -> register(join(registryStart)),
                    EmbeddedRegistry::url);
            String registryApi = registry.url() + "/apis/registry/v3";
            Secrets secrets = Secrets.load(home);
            if (demo) {
                // Before governance, so it starts with the demo's ingress and contract topics in place: Kafka Streams
                // has to restart a stream thread to add a topic to a running pattern subscription.
                progress.step("Demo domains", () -> register(DemoDomains.start(
                        MeshConfig.of(kafka.bootstrapServers(), registryApi), demoRate)),
                        d -> "sales, customers, logistics @ " + demoRate + " rec/s each");
            }
            GovernanceApp governance = progress.step("Governance (exactly-once)", () -> {
                GovernanceApp app = register(GovernanceApp.start(governanceConfig(kafka, registryApi, home, secrets)));
                awaitRunning(app::state, "governance");
                return app;
            }, app -> "http://localhost:" + app.httpPort() + "/health");
            CatalogService catalog = progress.step("Catalog projector", () -> {
                CatalogService service = register(CatalogService.start(catalogConfig(kafka, home)));
                awaitRunning(service::state, "catalog projector");
                return service;
            }, service -> "http://localhost:" + service.httpPort() + "/");
            out.printf("%nMeshbone is up in %.1f s.%n", (System.nanoTime() - started) / 1e9);
            out.println("  Catalog:            http://localhost:" + catalog.httpPort() + "/");
            out.println("  Kafka bootstrap:    " + kafka.bootstrapServers());
            out.println("  Registry (v3 API):  " + registryApi);
            out.println("  Governance health:  http://localhost:" + governance.httpPort() + "/health");
            out.println("Try: ./mesh products   ./mesh violations --follow   (Ctrl-C to stop)");
            out.flush();
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop(home, stopped);
            throw e;
        }
        stopped.await();
        return 0;
    }

    private GovernanceConfig governanceConfig(EmbeddedKafka kafka, String registryApi, Path home, Secrets secrets) {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        props.setProperty("registry.url", registryApi);
        props.setProperty("governance.state.dir", home.resolve("governance").toString());
        props.setProperty("governance.http.port", String.valueOf(governancePort));
        props.setProperty("governance.pii.hmac.secret", secrets.hmac());
        props.setProperty("governance.pii.encryption.keys", "*=" + secrets.aesKey());
        props.setProperty("governance.hold.grace.ms", "15000");
        props.setProperty("governance.topic.refresh.ms", "2000");
        props.setProperty("governance.instance.id", "mesh-up-governance");
        return GovernanceConfig.from(props);
    }

    private CatalogConfig catalogConfig(EmbeddedKafka kafka, Path home) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("catalog.state.dir", home.resolve("catalog").toString());
        settings.put("catalog.http.port", String.valueOf(catalogPort));
        settings.put("topic.replication.factor", "1");
        return CatalogConfig.from(settings);
    }

    private void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Kafka", kafkaPort);
        ports.put("the registry", registryPort);
        ports.put("the catalog", catalogPort);
        ports.put("governance", governancePort);
        ports.forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " (for " + what + ") is already in use. Is another "
                        + "`mesh up` running? Stop it, or choose other ports (see `mesh up --help`).");
            }
        });
    }

    private static void awaitRunning(java.util.function.Supplier<KafkaStreams.State> state, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (state.get() != KafkaStreams.State.RUNNING) {
            if (state.get() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not start (state " + state.get() + ")");
            }
            Thread.sleep(50);
        }
    }

    private <T extends AutoCloseable> T register(T component) {
        synchronized (running) {
            running.push(component);
        }
        return component;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void stop(Path home, CountDownLatch stopped) {
        synchronized (running) {
            if (running.isEmpty() && stopped.getCount() == 0) {
                return;
            }
            out.println();
            out.println("Stopping Meshbone...");
            while (!running.isEmpty()) {
                AutoCloseable component = running.pop();
                String name = component.getClass().getSimpleName();
                long started = System.nanoTime();
                try {
                    component.close();
                    out.printf("  ✔ stopped %-26s %5.1f s%n", name, (System.nanoTime() - started) / 1e9);
                } catch (Exception e) {
                    System.err.println("mesh: " + name + " did not stop cleanly: " + e);
                }
            }
        }
        if (dataDir == null) {
            Directories.deleteQuietly(home);
        }
        out.println("Stopped cleanly" + (dataDir != null ? "; data kept in " + dataDir : "") + ".");
        out.flush();
        stopped.countDown();
    }

    /** Secrets governance needs, generated once and kept with the data so hashes stay stable across restarts. */
    record Secrets(String hmac, String aesKey) {
        static Secrets load(Path home) throws IOException {
            Path file = home.resolve("governance-secrets.properties");
            Properties props = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    props.load(in);
                }
            } else {
                SecureRandom random = new SecureRandom();
                byte[] hmac = new byte[32];
                byte[] aes = new byte[32];
                random.nextBytes(hmac);
                random.nextBytes(aes);
                props.setProperty("hmac", Base64.getEncoder().encodeToString(hmac));
                props.setProperty("aes", Base64.getEncoder().encodeToString(aes));
                try (var outFile = Files.newOutputStream(file)) {
                    props.store(outFile, "generated by mesh up: the HASH secret and the ENCRYPT key of this mesh");
                }
            }
            return new Secrets(props.getProperty("hmac"), props.getProperty("aes"));
        }
    }
}
