package dev.meshbone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.contract.ProductId;
import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.sdk.MeshPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Faults under load, with exact reconciliation: records (the governance benchmark's, 10 % invalid of three kinds)
 * published at a steady rate by an idempotent producer while one fault strikes; then every record sent is looked for,
 * read committed and by key, on the public topic and in quarantine. Governance runs as separate JVMs, so that a
 * SIGKILL is a real crash: no shutdown hook, no commit, no leaving the group.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Faults under steady load: sent = public + quarantine by key, duplicates, lost, time until "
                + "processing again, end-to-end latency during and after.")
final class ChaosBench implements Runnable {

    @Option(names = "--records", description = "Records each scenario publishes (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--rate", description = "Records per second the publisher sends (default: ${DEFAULT-VALUE}).")
    int rate = 5_000;

    @Option(names = "--fault-at", description = "Share of the records sent when the fault strikes "
            + "(default: ${DEFAULT-VALUE}).")
    double faultAt = 0.3;

    @Option(names = "--scenarios", split = ",", description = "Scenarios to run, in order: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}).")
    List<Scenario> scenarios = List.of(Scenario.values());

    @Option(names = "--instances", description = "Governance JVMs; the first is the one killed "
            + "(default: ${DEFAULT-VALUE}).")
    int instances = 2;

    @Option(names = "--heap", description = "Maximum heap of each governance JVM (default: ${DEFAULT-VALUE}).")
    String heap = "512m";

    /** After the last record is sent, how long the outputs may stay unchanged before the rest counts as lost. */
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /** How long the catalog's counts may stay unchanged, and unequal to the outputs', before they are taken as final. */
    private static final Duration CATALOG_SETTLE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** A fault and how governance is set up for it. */
    enum Scenario {
        /** SIGKILL of one governance instance, restarted at once on its state directory (static membership). */
        GOVERNANCE_KILL("governance SIGKILL, restarted at once (static membership)", true, Fault.GOVERNANCE),
        /** The same with dynamic membership: the baseline, what governance did before. */
        GOVERNANCE_KILL_DYNAMIC("the same, dynamic membership (baseline)", false, Fault.GOVERNANCE),
        /** SIGKILL of the catalog projector, restarted at once on its state directory. */
        CATALOG_KILL("catalog projector SIGKILL, restarted at once", true, Fault.CATALOG),
        /**
         * SIGKILL of the publishing service (a JVM publishing valid orders through the SDK), restarted at once; it
         * publishes again every record it had not seen acknowledged.
         */
        PUBLISHER_KILL("publisher (SDK) SIGKILL mid-batch, restarted, resends the unacknowledged", true, Fault.PUBLISHER),
        /**
         * SIGKILL of the registry, started again on its storage {@link #OUTAGE} later; meanwhile a tenth of the
         * records carry a schema version registered just before, which no governance instance has looked up yet.
         */
        REGISTRY_OUTAGE("registry SIGKILL for 30 s, a new schema version sent meanwhile", true, Fault.REGISTRY),
        /** SIGKILL of the broker's JVM, restarted at once on its log: no clean shutdown, no last flush. */
        BROKER_CRASH("broker SIGKILL, restarted at once on its log (no clean shutdown)", true, Fault.BROKER);

        final String label;
        final boolean staticMembership;
        final Fault fault;

        Scenario(String label, boolean staticMembership, Fault fault) {
            this.label = label;
            this.staticMembership = staticMembership;
            this.fault = fault;
        }

        String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One scenario's outcome.
     *
     * @param sent             records the broker acknowledged to the publisher
     * @param duplicates       records seen more than once (each extra copy counts)
     * @param lost             acknowledged records seen nowhere
     * @param recoverySeconds  from the fault until, from every ingress partition, a record sent after it reached an
     *                         output; for the catalog's fault, until the restarted catalog's counts of the product
     *                         moved past what they were at the fault
     * @param runningSeconds   from the restart until every instance's Kafka Streams was RUNNING
     * @param p99DuringMs      end-to-end latency p99 of the records sent between the fault and the recovery
     * @param p99AfterMs       the same for the records sent after the recovery
     * @param catalog          the product's counts in the catalog at the end (its API)
     */
    record Result(Scenario scenario, long sent, long publicRecords, long quarantined, long duplicates, long lost,
                  double recoverySeconds, double runningSeconds, double p99DuringMs, double p99AfterMs,
                  CatalogCounts catalog) {

        /** Whether the catalog counts what the outputs hold: accepted = public, quarantined = quarantine. */
        boolean catalogEqual() {
            return catalog.accepted() == publicRecords && catalog.quarantined() == quarantined;
        }
    }

    /** What the fault strikes. */
    enum Fault {
        GOVERNANCE, CATALOG, PUBLISHER, REGISTRY, BROKER
    }

    /** How long the registry stays down in {@link Scenario#REGISTRY_OUTAGE}. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /** A product's all-time counts as the catalog API shows them. */
    record CatalogCounts(long accepted, long quarantined) {
        /** The catalog did not answer in time, or not 200. */
        static final CatalogCounts NO_ANSWER = new CatalogCounts(-1, -1);

        /** Accepted and quarantined; none when the catalog did not answer. */
        long total() {
            return equals(NO_ANSWER) ? 0 : accepted + quarantined;
        }

        @Override
        public String toString() {
            return equals(NO_ANSWER) ? "no answer" : String.format("%,d / %,d", accepted, quarantined);
        }
    }

    @Override
    public void run() {
        List<Result> results = runScenarios();
        BenchTable table = new BenchTable(String.format("Chaos (%,d records per scenario at %,d records/s, the "
                        + "governance benchmark's records, 10%% invalid, but valid orders through the SDK when the "
                        + "publisher is killed; the fault after %.0f%% of them; governance %d separate JVM(s) and the "
                        + "catalog one, each -Xmx%s; outputs read committed, by key)", records, rate, faultAt * 100,
                instances, heap),
                "scenario", "sent", "public", "quarantine", "duplicates", "lost", "catalog counts",
                "processing again after", "vs baseline", "RUNNING after restart", "e2e p99 during", "e2e p99 after");
        double baseline = results.stream().filter(r -> r.scenario() == Scenario.GOVERNANCE_KILL_DYNAMIC)
                .mapToDouble(Result::recoverySeconds).findFirst().orElse(Double.NaN);
        for (Result r : results) {
            table.row(r.scenario().label, String.format("%,d", r.sent()), String.format("%,d", r.publicRecords()),
                    String.format("%,d", r.quarantined()), r.duplicates(), r.lost(),
                    r.catalogEqual() ? "equal" : r.catalog().toString(),
                    String.format("%.1f s", r.recoverySeconds()), Double.isNaN(baseline) ? "n/a"
                            : BenchTable.ratio(r.recoverySeconds(), baseline),
                    String.format("%.1f s", r.runningSeconds()), String.format("%,.0f ms", r.p99DuringMs()),
                    String.format("%,.0f ms", r.p99AfterMs()));
        }
        System.out.println();
        table.print(System.out);
    }

    /** Runs the scenarios, one at a time on one stack, each with a product and an application id of its own. */
    List<Result> runScenarios() {
        GovernanceBench governance = new GovernanceBench();
        governance.records = records;
        Path root;
        try {
            root = Files.createTempDirectory("meshbone-bench-chaos-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A data directory: the registry keeps its artifacts in a file there, so that it comes back with them.
        try (BenchStack stack = BenchStack.crashable(root.resolve("stack"))) {
            Properties settings = governance.settings(stack, root);
            // One keystore for every instance, created here, not by instances racing for it.
            GovernanceConfig.from(settings).openKeystore();
            List<Result> results = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                Result result = run(governance, stack, settings, root.resolve(scenario.slug()), scenario);
                System.out.printf("%s: sent %,d, public %,d, quarantine %,d, duplicates %d, lost %d, catalog %s, "
                                + "processing again after %.1f s%n", scenario.label, result.sent(), result.publicRecords(),
                        result.quarantined(), result.duplicates(), result.lost(), result.catalog(),
                        result.recoverySeconds());
                results.add(result);
            }
            return results;
        } catch (Exception e) {
            throw new IllegalStateException("chaos benchmark failed: " + e.getMessage(), e);
        }
    }

    private Result run(GovernanceBench governance, BenchStack stack, Properties settings, Path dir,
                       Scenario scenario) throws Exception {
        String productName = "chaos-" + scenario.slug();
        GovernanceBench.Declared product = scenario.fault == Fault.PUBLISHER ? declareThroughSdk(stack, productName)
                : governance.declare(stack, productName);
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("governance.application.id", BenchStack.GOVERNANCE_APP_ID + "-" + scenario.slug());
        if (!scenario.staticMembership) {
            props.setProperty("kafka.group.instance.id", "");
        }
        String keyPrefix = "CHAOS-" + scenario.slug() + "-";
        String productId = product.ingress().substring(MeshTopics.INGRESS_PREFIX.length());
        try (MeshProcesses processes = new MeshProcesses()) {
            List<MeshProcesses.Instance> started = new ArrayList<>();
            for (int n = 1; n <= instances; n++) {
                started.add(start(processes, scenario, n, props, dir));
            }
            MeshProcesses.Instance catalog = startCatalog(processes, stack, scenario, dir);
            awaitRunning(processes);
            awaitTopic(stack.cluster(), product.publicTopic());
            try (Outputs outputs = new Outputs(stack.cluster(), product, keyPrefix, records);
                 PublisherProcess service = scenario.fault == Fault.PUBLISHER
                         ? new PublisherProcess(stack, productName, keyPrefix, dir) : null) {
                outputs.start();
                Publisher inProcess = service == null ? new Publisher(stack.cluster(), product, keyPrefix) : null;
                Source publisher = service != null ? service : inProcess;
                publisher.start();
                publisher.awaitSent((long) (faultAt * records));
                CatalogCounts atFault = catalogCounts(catalog, productId);
                if (scenario.fault == Fault.REGISTRY) {
                    inProcess.mixIn(governance.newVersionPayloads(stack, productName, 10_000), 10);
                }
                switch (scenario.fault) {
                    case GOVERNANCE -> processes.kill(started.get(0));
                    case CATALOG -> processes.kill(catalog);
                    case PUBLISHER -> service.kill();
                    case REGISTRY -> stack.cluster().killRegistry();
                    case BROKER -> stack.cluster().killKafka();
                }
                long faultMillis = System.currentTimeMillis();
                outputs.faultAt(faultMillis);
                if (scenario.fault == Fault.REGISTRY) {
                    TimeUnit.MILLISECONDS.sleep(OUTAGE.toMillis());
                }
                long restartedMillis = System.currentTimeMillis();
                long restarted = System.nanoTime();
                switch (scenario.fault) {
                    case GOVERNANCE -> start(processes, scenario, 1, props, dir);
                    case CATALOG -> catalog = startCatalog(processes, stack, scenario, dir);
                    case PUBLISHER -> service.start();
                    case REGISTRY -> stack.cluster().restartRegistry();
                    case BROKER -> stack.cluster().restartKafka();
                }
                if (scenario.fault == Fault.PUBLISHER) {
                    service.awaitAcknowledgedAfterRestart();
                } else {
                    awaitRunning(processes);
                }
                double running = (System.nanoTime() - restarted) / 1e9;
                long catalogResumed = scenario.fault == Fault.CATALOG ? awaitCatalogMoved(catalog, productId, atFault)
                        : -1;
                publisher.join();
                BitSet acknowledged = publisher.acknowledged();
                outputs.awaitAll(acknowledged);
                long resumed = switch (scenario.fault) {
                    case CATALOG -> catalogResumed;
                    // Records sent during the outage wait for the registry: until the last of them is through.
                    case REGISTRY -> outputs.lastSeen(faultMillis, restartedMillis);
                    default -> outputs.resumedAt();
                };
                System.out.printf("%s: records sent after the fault came through again, by ingress partition, after %s"
                        + "; %s %.1f s after the restart%n", scenario.label, outputs.resumedAfter(faultMillis),
                        switch (scenario.fault) {
                            case PUBLISHER -> "its first acknowledgement";
                            case REGISTRY -> "the registry ready";
                            case BROKER -> "the broker ready and all instances RUNNING";
                            default -> "all instances RUNNING";
                        },
                        running);
                if (service != null) {
                    System.out.printf("%s: %,d records acknowledged before the kill; the restart published the %,d"
                            + " others%n", scenario.label, service.acknowledgedAtKill(),
                            records - service.acknowledgedAtKill());
                }
                CatalogCounts counts = awaitCatalogCounts(catalog, productId, outputs);
                return new Result(scenario, acknowledged.cardinality(), outputs.publicRecords(),
                        outputs.quarantined(), outputs.duplicates(), outputs.lost(acknowledged),
                        resumed < 0 ? Double.NaN : (resumed - faultMillis) / 1e3, running,
                        outputs.p99(faultMillis, resumed < 0 ? Long.MAX_VALUE : resumed),
                        outputs.p99(resumed < 0 ? Long.MAX_VALUE : resumed, Long.MAX_VALUE), counts);
            }
        }
    }

    /** Declares the product as its publishing service does, through the SDK (schema, topics, contract). */
    private static GovernanceBench.Declared declareThroughSdk(BenchStack stack, String name) {
        try (MeshPublisher<Order> declared = MeshPublisher.open(ChaosPublisher.config(stack.settings(BenchStack.DOMAIN),
                name), SdkBench.product(name), Order.class)) {
            ProductId id = new ProductId(BenchStack.DOMAIN, name);
            return new GovernanceBench.Declared(declared.topic(), id.major(1).publicTopic(), declared.globalId(),
                    new byte[0][]);
        }
    }

    /** The scenario's catalog projector, on a state directory of its own that a restart keeps. */
    private MeshProcesses.Instance startCatalog(MeshProcesses processes, BenchStack stack, Scenario scenario, Path dir)
            throws Exception {
        String name = "catalog-" + scenario.slug();
        Properties props = new Properties();
        stack.settings(BenchStack.CATALOG).forEach((k, v) -> { // the catalog never calls the registry
            if (k.equals("bootstrap.servers") || k.toString().startsWith("kafka.")) {
                props.put(k, v);
            }
        });
        props.setProperty("catalog.application.id", BenchStack.CATALOG_APP_ID + "-" + scenario.slug());
        props.setProperty("catalog.state.dir", dir.resolve(name + "-state").toString());
        props.setProperty("catalog.http.host", "127.0.0.1");
        return processes.startCatalog(name, props, heap, dir);
    }

    /** The product's counts in the catalog now: zero while it does not know the product, or no answer. */
    private CatalogCounts catalogCounts(MeshProcesses.Instance catalog, String productId) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + catalog.httpPort()
                + "/api/products/" + productId)).timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return new CatalogCounts(0, 0);
            }
            if (response.statusCode() != 200) {
                return CatalogCounts.NO_ANSWER;
            }
            JsonNode counts = JSON.readTree(response.body()).path("counts");
            return new CatalogCounts(counts.path("accepted").asLong(), counts.path("quarantined").asLong());
        } catch (IOException e) {
            return CatalogCounts.NO_ANSWER;
        }
    }

    /** When the restarted catalog's counts of the product moved past those at the fault (epoch millis). */
    private long awaitCatalogMoved(MeshProcesses.Instance catalog, String productId, CatalogCounts atFault)
            throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            CatalogCounts now = catalogCounts(catalog, productId);
            if (now.total() > atFault.total()) {
                return System.currentTimeMillis();
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return -1;
    }

    /** The catalog's counts once they equal the outputs', or as they are when they stop changing for a while. */
    private CatalogCounts awaitCatalogCounts(MeshProcesses.Instance catalog, String productId, Outputs outputs)
            throws InterruptedException {
        CatalogCounts counts = catalogCounts(catalog, productId);
        long lastChange = System.nanoTime();
        while (System.nanoTime() - lastChange < CATALOG_SETTLE.toNanos()) {
            if (counts.accepted() == outputs.publicRecords() && counts.quarantined() == outputs.quarantined()) {
                return counts;
            }
            TimeUnit.MILLISECONDS.sleep(200);
            CatalogCounts next = catalogCounts(catalog, productId);
            if (!next.equals(counts)) {
                lastChange = System.nanoTime();
            }
            counts = next;
        }
        return counts;
    }

    /** Instance n of the scenario, on a state directory of its own (it keeps the instance's group.instance.id). */
    private MeshProcesses.Instance start(MeshProcesses processes, Scenario scenario, int n,
                                               Properties settings, Path dir) throws Exception {
        String name = "governance-" + scenario.slug() + "-" + n;
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("governance.state.dir", dir.resolve(name + "-state").toString());
        return processes.startGovernance(name, props, heap, dir);
    }

    private static void awaitRunning(MeshProcesses processes) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!processes.allRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("governance not RUNNING after " + START_TIMEOUT + "; logs: "
                        + processes.instances().stream().map(i -> i.log().toString()).toList());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Governance creates the public topic when it accepts the contract. */
    private static void awaitTopic(EmbeddedCluster cluster, String topic) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = cluster.createAdmin()) {
            while (!admin.listTopics().names().get().contains(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("governance did not create " + topic);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    /** Where the records come from: a thread of this JVM, or a publishing service of its own. */
    private interface Source {
        void start();

        void awaitSent(long count) throws InterruptedException;

        /** Returns once every record was published. */
        void join() throws InterruptedException;

        BitSet acknowledged();
    }

    /**
     * The {@link ChaosPublisher} service as a JVM of its own; started again after a kill, it goes on from its file of
     * acknowledged records.
     */
    private final class PublisherProcess implements Source, AutoCloseable {
        private final List<String> command;
        private final Path acks;
        private final Path log;
        private Process process;
        private int acknowledgedAtKill = -1;

        PublisherProcess(BenchStack stack, String name, String keyPrefix, Path dir) throws IOException {
            Files.createDirectories(dir);
            Path settings = dir.resolve(name + "-publisher.properties");
            try (Writer out = Files.newBufferedWriter(settings, StandardCharsets.UTF_8)) {
                stack.settings(BenchStack.DOMAIN).store(out, "the chaos benchmark's publishing service");
            }
            this.acks = dir.resolve(name + "-acknowledged.txt");
            this.log = dir.resolve(name + "-publisher.log");
            this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                    "-cp", System.getProperty("java.class.path"), ChaosPublisher.class.getName(), settings.toString(),
                    name, keyPrefix, Integer.toString(records), Integer.toString(rate), acks.toString());
        }

        @Override
        public void start() {
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void awaitSent(long count) throws InterruptedException {
            while (acknowledged().cardinality() < count) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the publishing service exited with " + process.exitValue()
                            + "; its log: " + log);
                }
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }

        /** SIGKILL: no flush, no close; what the producer held unsent is gone with it. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
            acknowledgedAtKill = acknowledged().cardinality();
        }

        int acknowledgedAtKill() {
            return acknowledgedAtKill;
        }

        void awaitAcknowledgedAfterRestart() throws InterruptedException {
            awaitSent(acknowledgedAtKill + 1L);
        }

        @Override
        public void join() throws InterruptedException {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the publishing service exited with " + process.exitValue()
                        + "; its log: " + log);
            }
        }

        @Override
        public BitSet acknowledged() {
            return ChaosPublisher.acknowledged(acks);
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    /** Sends record i with key {@code <prefix><i>} at the steady rate; remembers which ones the broker acknowledged. */
    private final class Publisher extends Thread implements Source {
        private final KafkaProducer<String, byte[]> producer;
        private final GovernanceBench.Declared product;
        private final String keyPrefix;
        private final BitSet acknowledged = new BitSet(records);
        private final AtomicLong sent = new AtomicLong();
        private volatile byte[][] mixed;
        private volatile int mixedEvery;
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        Publisher(EmbeddedCluster cluster, GovernanceBench.Declared product, String keyPrefix) {
            super("bench-chaos-publisher");
            Properties props = cluster.clientProperties();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            this.product = product;
            this.keyPrefix = keyPrefix;
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            try (producer) {
                for (int i = 0; i < records; i++) {
                    // Sends what is due, then sleeps a millisecond: a spinning wait would take a core of the machine
                    // from the instances under test.
                    while (i >= (System.nanoTime() - start) / 1e9 * rate) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    int index = i;
                    byte[][] other = mixed;
                    byte[] payload = other != null && i % mixedEvery == 0 ? other[i / mixedEvery % other.length]
                            : product.payloads()[i % product.payloads().length];
                    producer.send(new ProducerRecord<>(product.ingress(), null, System.currentTimeMillis(),
                            keyPrefix + i, payload), (metadata, e) -> {
                                if (e == null) {
                                    synchronized (acknowledged) {
                                        acknowledged.set(index);
                                    }
                                } else {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    sent.incrementAndGet();
                }
                producer.flush();
            }
            if (failure.get() != null) {
                System.err.println("publisher: a send failed (not counted as sent): " + failure.get());
            }
        }

        /** From now on every {@code every}th record is one of {@code payloads}. */
        void mixIn(byte[][] payloads, int every) {
            mixedEvery = every;
            mixed = payloads;
        }

        @Override
        public void awaitSent(long count) throws InterruptedException {
            while (sent.get() < count && isAlive()) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
        }

        @Override
        public BitSet acknowledged() {
            synchronized (acknowledged) {
                return (BitSet) acknowledged.clone();
            }
        }
    }

    /**
     * Reads the public topic and the quarantine, read committed, from before the first record: counts each key of
     * the scenario, keeps each record's send time and end-to-end latency, and notes when records sent after the fault
     * come through again from each ingress partition (a surviving instance's partitions never stopped).
     */
    private static final class Outputs extends Thread implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String publicTopic;
        private final int ingressPartitions;
        private final byte[] prefix;
        private final int[] seen;
        private final long[] sentAt;
        private final long[] latency;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong records = new AtomicLong();
        private final AtomicLong lastChange = new AtomicLong(System.nanoTime());
        private volatile long faultAt = Long.MAX_VALUE;
        /** Per ingress partition, when its first record sent after the fault was seen; -1 until then. */
        private final long[] resumedAt;
        private long publicRecords;
        private long quarantined;
        private int samples;

        Outputs(EmbeddedCluster cluster, GovernanceBench.Declared product, String keyPrefix, int capacity) {
            super("bench-chaos-outputs");
            Properties props = cluster.clientProperties();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.publicTopic = product.publicTopic();
            this.ingressPartitions = consumer.partitionsFor(product.ingress()).size();
            this.resumedAt = new long[ingressPartitions];
            Arrays.fill(resumedAt, -1);
            this.prefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
            this.seen = new int[capacity];
            this.sentAt = new long[capacity * 2];
            this.latency = new long[capacity * 2];
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : List.of(publicTopic, MeshTopics.QUARANTINE)) {
                consumer.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(all);
            consumer.seekToEnd(all); // the public topic is new; the quarantine holds other scenarios' records
            all.forEach(consumer::position);
        }

        @Override
        public void run() {
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    int index = index(r.key());
                    if (index < 0) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    synchronized (this) {
                        seen[index]++;
                        if (r.topic().equals(publicTopic)) {
                            publicRecords++;
                        } else {
                            quarantined++;
                        }
                        if (samples < sentAt.length) {
                            sentAt[samples] = r.timestamp();
                            latency[samples++] = now - r.timestamp();
                        }
                    }
                    if (r.timestamp() >= faultAt) {
                        // Where the publisher's producer put the key: its partitioner's murmur2 hash.
                        int partition = Utils.toPositive(Utils.murmur2(r.key())) % ingressPartitions;
                        synchronized (this) {
                            if (resumedAt[partition] < 0) {
                                resumedAt[partition] = now;
                            }
                        }
                    }
                    records.incrementAndGet();
                    lastChange.set(System.nanoTime());
                }
            }
        }

        /** The record's index, or -1 when its key is not one of this scenario's. */
        private int index(byte[] key) {
            if (key == null || key.length <= prefix.length
                    || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                return -1;
            }
            int i = 0;
            for (int k = prefix.length; k < key.length; k++) {
                i = i * 10 + (key[k] - '0');
            }
            return i < seen.length ? i : -1;
        }

        void faultAt(long millis) {
            faultAt = millis;
        }

        /** When records sent after the fault came through from every ingress partition; -1 if not yet. */
        synchronized long resumedAt() {
            return Arrays.stream(resumedAt).anyMatch(t -> t < 0) ? -1 : Arrays.stream(resumedAt).max().orElse(-1);
        }

        /** Per ingress partition, seconds from the fault until records sent after it came through again. */
        synchronized String resumedAfter(long faultMillis) {
            return Arrays.stream(resumedAt).mapToObj(t -> t < 0 ? "never" : String.format("%.1f s",
                    (t - faultMillis) / 1e3)).toList().toString();
        }

        /** Until every acknowledged record was seen, or nothing new came for {@link #SETTLE}. */
        void awaitAll(BitSet acknowledged) throws InterruptedException {
            while (lost(acknowledged) > 0 && System.nanoTime() - lastChange.get() < SETTLE.toNanos()) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }

        synchronized long lost(BitSet acknowledged) {
            return acknowledged.stream().filter(i -> seen[i] == 0).count();
        }

        synchronized long duplicates() {
            return Arrays.stream(seen).filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        }

        synchronized long publicRecords() {
            return publicRecords;
        }

        synchronized long quarantined() {
            return quarantined;
        }

        /** When the last record sent from {@code from} (inclusive) to {@code to} (exclusive) came through; -1 if none. */
        synchronized long lastSeen(long from, long to) {
            return IntStream.range(0, samples).filter(i -> sentAt[i] >= from && sentAt[i] < to)
                    .mapToLong(i -> sentAt[i] + latency[i]).max().orElse(-1);
        }

        /** Latency p99 of the records sent from {@code from} (inclusive) to {@code to} (exclusive), NaN if none. */
        synchronized double p99(long from, long to) {
            long[] sorted = IntStream.range(0, samples).filter(i -> sentAt[i] >= from
                    && sentAt[i] < to).mapToLong(i -> latency[i]).sorted().toArray();
            return sorted.length == 0 ? Double.NaN
                    : sorted[Math.min(sorted.length - 1, (int) Math.ceil(0.99 * sorted.length) - 1)];
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            join();
            consumer.close();
        }
    }
}
