package dev.meshbone.cli.up;

import dev.meshbone.catalog.app.CatalogService;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.cli.LocalMesh;
import dev.meshbone.cli.demo.DemoDomains;
import dev.meshbone.cli.ops.AccessCommand;
import dev.meshbone.cli.ops.AclCommand;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import dev.meshbone.embedded.ClientSettings;
import dev.meshbone.embedded.Directories;
import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.embedded.SecurityMode;
import dev.meshbone.governance.app.GovernanceApp;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.config.GovernanceSettings;
import dev.meshbone.sdk.MeshConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Option(names = "--domain", paramLabel = "NAME", description = "A domain of this mesh besides the demo's: its "
            + "principal, ACLs, registry group and client settings are created at start (repeatable).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--insecure", description = "Run without authentication and ACLs (plaintext), as before "
            + "Meshbone 0.2: anyone who reaches the ports may do anything.")
    boolean insecure;

    @Option(names = "--demo-rate", defaultValue = "5",
            description = "Records per second per demo product (default: ${DEFAULT-VALUE}).")
    int demoRate;

    @Option(names = "--quarantine-retention-days", defaultValue = "7", paramLabel = "DAYS",
            description = "How long the quarantine keeps refused records, raw personal data included "
                    + "(default: ${DEFAULT-VALUE}; 1 to 365).")
    int quarantineRetentionDays;

    @Spec
    CommandSpec spec;

    static final String GOVERNANCE = "governance";
    static final String CATALOG = "catalog";
    static final String OPS = "ops";

    private final PrintStream out = System.out;
    private volatile Path localSettings;
    /** How often a running mesh enforces the ends of access grants. */
    static final Duration GRANT_EXPIRY_CHECK = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        if (quarantineRetentionDays < 1 || quarantineRetentionDays > 365) {
            throw new ParameterException(spec.commandLine(), "--quarantine-retention-days must be from 1 to 365, "
                    + "not " + quarantineRetentionDays);
        }
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
        FutureTask<CatalogService> catalogStart = null;
        try {
            Progress progress = new Progress(out);
            EmbeddedCluster cluster = progress.step("Kafka (KRaft) and Apicurio Registry", () -> register(
                    startCluster(home)), c -> c.bootstrapServers() + (insecure ? "  plaintext (--insecure)"
                    : "  SASL/SCRAM + ACLs, basic auth"));
            Path clients = cluster.securityMode() == SecurityMode.SECURE
                    ? progress.step("Principals, ACLs, registry groups", () -> grantAccess(cluster),
                            dir -> "client settings in " + dir)
                    : null;
            provisionMeshTopics(cluster, quarantineRetention());
            Path keystore = keystore(home);
            writeLocalMeshSettings(cluster, keystore);
            Secrets secrets = Secrets.load(home);
            if (demo) {
                // Before governance, so it starts with the demo's ingress and contract topics in place: Kafka
                // Streams has to restart a stream thread to add a topic to a running pattern subscription.
                progress.step("Demo domains", () -> register(DemoDomains.start(
                        domain -> MeshConfig.builder().properties(settingsProperties(cluster, domain)).build(),
                        demoRate)), d -> String.join(", ", DemoDomains.DOMAINS) + " @ " + demoRate + " rec/s each");
            }
            // The catalog needs nothing of governance's: it starts beside it, and its step waits for it.
            catalogStart = new FutureTask<>(() -> register(CatalogService.start(catalogConfig(cluster, home))));
            new Thread(catalogStart, "mesh-up-catalog-start").start();
            GovernanceApp governance = progress.step("Governance (exactly-once)", () -> {
                GovernanceApp app = register(GovernanceApp.start(governanceConfig(cluster, home, secrets,
                        keystore)));
                awaitRunning(app::state, "governance");
                return app;
            }, app -> "http://localhost:" + app.httpPort() + "/health");
            FutureTask<CatalogService> catalogStarted = catalogStart;
            CatalogService catalog = progress.step("Catalog projector", () -> {
                CatalogService service = result(catalogStarted);
                awaitRunning(service::state, "catalog projector");
                return service;
            }, service -> "http://localhost:" + service.httpPort() + "/");
            if (cluster.securityMode() == SecurityMode.SECURE) {
                register(housekeeping(cluster));
            }
            out.printf("%nMeshbone is up in %.1f s.%n", (System.nanoTime() - started) / 1e9);
            out.println("  Catalog:            http://localhost:" + catalog.httpPort() + "/");
            out.println("  Kafka bootstrap:    " + cluster.bootstrapServers());
            out.println("  Registry (v3 API):  " + cluster.registryApiUrl());
            if (clients != null) {
                out.println("  Client settings:    " + clients + "/<principal>.properties ("
                        + String.join(", ", cluster.principals().stream().map(MeshPrincipal::name).toList()) + ")");
            }
            out.println("  Governance health:  http://localhost:" + governance.httpPort() + "/health");
            out.println("  Keystore (KEKs):    " + keystore + "  (keys.keystore of key-holding consumers)");
            out.println("Try: ./mesh products   ./mesh violations --follow   (Ctrl-C to stop)");
            out.flush();
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            if (catalogStart != null) {
                try {
                    result(catalogStart); // so that a catalog still starting is stopped too
                } catch (Exception ignored) {
                    // e says what went wrong first
                }
            }
            stop(home, stopped);
            throw e;
        }
        stopped.await();
        return 0;
    }

    /**
     * What a running local mesh does besides its components: every {@link #GRANT_EXPIRY_CHECK} it enforces the ends
     * of access grants, as {@code mesh access expire} does elsewhere; and it adds the registry users that
     * {@code mesh domain add} asks for ({@link LocalMesh#registryUserRequests()}), since only this process can
     * restart the embedded registry with a new user.
     */
    private AutoCloseable housekeeping(EmbeddedCluster cluster) {
        Properties client = cluster.clientProperties();
        Admin admin = Admin.create(client);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mesh-up-housekeeping");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                List<AclBinding> deleted = AccessCommand.expire(admin, client, Instant.now(), false);
                if (!deleted.isEmpty()) {
                    out.println("Grants expired: deleted " + deleted.size() + " ACLs of " + String.join(", ",
                            deleted.stream().map(b -> b.entry().principal()).distinct().toList()));
                }
            } catch (RuntimeException e) {
                out.println("Could not enforce the ends of grants (next try in " + GRANT_EXPIRY_CHECK.toSeconds()
                        + " s): " + e.getMessage());
            }
        }, GRANT_EXPIRY_CHECK.toSeconds(), GRANT_EXPIRY_CHECK.toSeconds(), TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(() -> addRequestedRegistryUsers(cluster), 1, 1, TimeUnit.SECONDS);
        return () -> {
            scheduler.shutdownNow();
            admin.close(Duration.ofSeconds(5));
        };
    }

    private void addRequestedRegistryUsers(EmbeddedCluster cluster) {
        Path dir = LocalMesh.registryUserRequests();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var requests = Files.list(dir)) {
            for (Path request : requests.filter(p -> p.toString().endsWith(".properties")).toList()) {
                Map<String, String> user = MeshSettings.readFile(request);
                try {
                    cluster.adoptPrincipal(new MeshPrincipal(user.get("name"), user.get("password"),
                            PrincipalKind.DOMAIN));
                    out.println("Registry user " + user.get("name") + " added (mesh domain add; the registry "
                            + "restarted)");
                } catch (RuntimeException e) {
                    out.println("Could not add registry user from " + request + ": " + e.getMessage());
                }
                Files.deleteIfExists(request);
            }
        } catch (IOException | RuntimeException e) {
            out.println("Could not read the registry user requests in " + dir + ": " + e.getMessage());
        }
    }

    /** The embedded stack, secure unless --insecure, with the platform's and the demo's principals. */
    private EmbeddedCluster startCluster(Path home) {
        EmbeddedCluster.Builder b = EmbeddedCluster.builder().kafkaPort(kafkaPort).registryPort(registryPort)
                .dataDir(home);
        if (insecure) {
            return b.insecure().start();
        }
        b.principal(GOVERNANCE, PrincipalKind.GOVERNANCE).principal(CATALOG, PrincipalKind.CATALOG)
                .principal(OPS, PrincipalKind.OPS);
        domains().forEach(d -> b.principal(d, PrincipalKind.DOMAIN));
        return b.start();
    }

    /**
     * Applies the ACL plan (the demo's domains; governance, catalog, ops), gives each domain its registry group and
     * writes every principal's client settings (mode 0600); returns their folder.
     */
    private Path grantAccess(EmbeddedCluster cluster) throws IOException {
        MeshAccess mesh = MeshAccess.of(domains(), Map.of(), AclCommand.platform());
        try (Admin admin = cluster.createAdmin()) {
            new AclPlanApplier(admin, Duration.ofSeconds(30)).apply(AclPlan.of(mesh), false, false);
        }
        domains().forEach(d -> cluster.createRegistryGroup(d, d));
        Path clients = Files.createDirectories(cluster.secretsDirectory().resolve("clients"));
        for (MeshPrincipal principal : cluster.principals()) {
            cluster.writeSettingsFile(principal, clients.resolve(principal.name() + ".properties"));
        }
        return clients;
    }

    /** The domains this mesh starts with: the demo's (with --demo) and those named with --domain. */
    private List<String> domains() {
        List<String> all = new ArrayList<>(demo ? DemoDomains.DOMAINS : List.of());
        domains.stream().filter(d -> !all.contains(d)).forEach(all::add);
        return all;
    }

    /**
     * The platform's topics, created by the admin before any component starts: no domain (and not the catalog) may
     * create them.
     */
    private static void provisionMeshTopics(EmbeddedCluster cluster, Duration quarantineRetention) {
        try (Admin admin = cluster.createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(MeshTopicDefinitions.all(quarantineRetention),
                    Duration.ofSeconds(30));
        }
    }

    private Duration quarantineRetention() {
        return Duration.ofDays(quarantineRetentionDays);
    }

    /** A principal's client settings (on a plaintext mesh, just where it is). */
    private static Properties settingsProperties(EmbeddedCluster cluster, String name) {
        Properties props = new Properties();
        props.putAll(cluster.securityMode() == SecurityMode.SECURE ? cluster.settings(principal(cluster, name))
                : Map.of("bootstrap.servers", cluster.bootstrapServers(), "registry.url", cluster.registryApiUrl()));
        return props;
    }

    private static MeshPrincipal principal(EmbeddedCluster cluster, String name) {
        return cluster.principals().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no principal " + name + " in this mesh"));
    }

    /**
     * The mesh's keystore of key-encryption keys, with its password beside it (both mode 0600), made on the first
     * start and kept with the data: the data keys on {@code mesh.keys} are wrapped with its KEK.
     */
    static Path keystore(Path home) {
        Path file = home.resolve("keystore.p12");
        LocalKeystore.openOrCreate(file);
        return file;
    }

    /**
     * The admin's settings, and the keystore ({@code mesh forget} needs it), where the ops commands on this machine
     * look for them while the mesh runs.
     */
    private void writeLocalMeshSettings(EmbeddedCluster cluster, Path keystore) throws IOException {
        Path file = LocalMesh.adminSettings();
        Files.createDirectories(file.getParent());
        Map<String, String> settings = new LinkedHashMap<>(cluster.securityMode() == SecurityMode.SECURE
                ? cluster.settings()
                : Map.of("bootstrap.servers", cluster.bootstrapServers(), "registry.url", cluster.registryApiUrl()));
        settings.put(SharedSettings.KEYSTORE, keystore.toString());
        ClientSettings.write(file, settings);
        localSettings = file;
    }

    private GovernanceConfig governanceConfig(EmbeddedCluster cluster, Path home, Secrets secrets, Path keystore) {
        Properties props = settingsProperties(cluster, GOVERNANCE);
        props.setProperty("governance.state.dir", home.resolve("governance").toString());
        props.setProperty("governance.http.port", String.valueOf(governancePort));
        props.setProperty("governance.pii.hmac.secret", secrets.hmac());
        props.setProperty(GovernanceSettings.KEYSTORE, keystore.toString());
        props.setProperty("governance.hold.grace.ms", "15000");
        props.setProperty("governance.topic.refresh.ms", "2000");
        props.setProperty("governance.instance.id", "mesh-up-governance");
        props.setProperty("quarantine.retention.ms", String.valueOf(quarantineRetention().toMillis()));
        return GovernanceConfig.from(props);
    }

    private CatalogConfig catalogConfig(EmbeddedCluster cluster, Path home) {
        Map<String, String> settings = new LinkedHashMap<>();
        settingsProperties(cluster, CATALOG).forEach((k, v) -> settings.put(k.toString(), v.toString()));
        settings.remove("registry.url"); // the catalog reads descriptors, never the registry
        settings.remove("registry.username");
        settings.remove("registry.password");
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

    /** What a started task returned, or what it threw. */
    private static <T> T result(FutureTask<T> task) throws Exception {
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
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
        if (localSettings != null) {
            Directories.deleteQuietly(localSettings);
        }
        if (dataDir == null) {
            Directories.deleteQuietly(home);
        }
        out.println("Stopped cleanly" + (dataDir != null ? "; data kept in " + dataDir : "") + ".");
        out.flush();
        stopped.countDown();
    }

    /** The HASH secret, generated once and kept with the data so hashes stay stable across restarts. */
    record Secrets(String hmac) {
        static Secrets load(Path home) throws IOException {
            Path file = home.resolve("governance-secrets.properties");
            Properties props = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    props.load(in);
                }
            } else {
                byte[] hmac = new byte[32];
                new SecureRandom().nextBytes(hmac);
                props.setProperty("hmac", Base64.getEncoder().encodeToString(hmac));
                try (var outFile = Files.newOutputStream(file)) {
                    props.store(outFile, "generated by mesh up: the HASH secret of this mesh");
                }
            }
            return new Secrets(props.getProperty("hmac"));
        }
    }
}
