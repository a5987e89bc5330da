package dev.meshbone.bench;

import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.ProductId;
import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.embedded.SecurityMode;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.Owner;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.governance.app.GovernanceApp;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.envelope.Framing;
import dev.meshbone.governance.keys.DataKeyCache;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Governance throughput against a pass-through Kafka Streams app that copies the same bytes with the same
 * processing guarantee and commit interval, on the same pre-loaded topic; then end-to-end latency at half the
 * measured peak, and governance memory. Each run also reports the records its app wrote per record it read and, for
 * governance, its registry calls after warm-up.
 */
@Command(name = "governance", mixinStandardHelpOptions = true,
        description = "Governance vs a pass-through Streams app on the same records; records written per record "
                + "read; registry calls after warm-up; latency at half peak; memory.")
final class GovernanceBench implements Runnable {

    @Option(names = "--records", description = "Records to pre-load (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--invalid-percent", description = "Share of invalid records (default: ${DEFAULT-VALUE}).")
    int invalidPercent = 10;

    @Option(names = "--partitions", description = "Ingress partitions (default: ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--latency-seconds", description = "Length of the latency run (default: ${DEFAULT-VALUE}).")
    int latencySeconds = 20;

    @Option(names = "--subjects", description = "Distinct customers (data subjects) the orders are about "
            + "(default: ${DEFAULT-VALUE}).")
    int subjects = 10_000;

    @Option(names = "--zipf", description = "Exponent of the Zipf distribution of customers over orders "
            + "(default: ${DEFAULT-VALUE}).")
    double zipf = 1.0;

    private static final Schema ORDER = BundledSchemas.load(BundledSchemas.SALES_ORDERS);
    private static final Schema ORDER_WITH_NOTE = new Schema.Parser().parse(ORDER.toString().replaceFirst(
            "\\]}$", ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    private static final Schema ORDER_WITH_COUPON = new Schema.Parser().parse(ORDER.toString().replaceFirst(
            "\\]}$", ",{\"name\":\"coupon\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    private static final String DOMAIN = BenchStack.DOMAIN;

    /**
     * The pre-loaded ingress topic of a stack.
     *
     * @param subjects the distinct customers of the records governance accepts
     */
    record Preloaded(String ingress, long orderId, long averageBytes, int subjects) {
    }

    /** The product HASHes and MASKs; each round adds one that does the same and one that ENCRYPTs per customer. */
    private static final String PLAIN = "orders";

    @Option(names = "--second-pass", negatable = true, description = "After the first runs, run the pass-through and "
            + "governance again on a copy of the same records, in the JVM their first runs warmed (default: "
            + "${DEFAULT-VALUE}).")
    boolean secondPass = true;

    @Option(names = "--rounds", description = "Rounds of HASH/MASK and per-subject ENCRYPT runs, alternating which "
            + "goes first (default: ${DEFAULT-VALUE}).")
    int rounds = 2;

    /** One governance run of the rounds: its measurement and, for ENCRYPT, its keys. */
    private record Run(String label, Measured measured, long hits, long misses, long created, long keyWrites,
                       int subjects) {
    }

    /**
     * One app's run through a pre-loaded topic.
     *
     * @param traffic                  what the app read and wrote, just before it closed
     * @param registryCallsWarmingUp   remote registry calls until the first {@link #WARM_UP_SHARE} of the records
     *                                 were committed
     * @param registryCallsAfterWarmUp remote registry calls from then to the end (goal 0)
     */
    record Measured(double perSecond, StreamsTraffic traffic, long registryCallsWarmingUp,
                    long registryCallsAfterWarmUp) {
    }

    /**
     * A timed run: records committed per partition from the start (all instances RUNNING) to the end.
     *
     * @param processed per partition, the end offset less the offset committed at the start
     */
    record Timed(double seconds, Map<TopicPartition, Long> processed) {
        long records() {
            return processed.values().stream().mapToLong(Long::longValue).sum();
        }

        double perSecond() {
            return records() / seconds;
        }
    }

    /** The share of a run's records after which the registry lookups must be warm. */
    private static final double WARM_UP_SHARE = 0.1;

    /** The pass-through baseline's output topic; not a mesh topic. */
    static final String PASS_THROUGH_OUT = "bench.passthrough.out";

    @Override
    public void run() {
        try (BenchStack stack = BenchStack.start(SecurityMode.PLAINTEXT)) {
            EmbeddedCluster cluster = stack.cluster();
            Path state = Files.createTempDirectory("meshbone-bench-");
            createPassThroughOutput(cluster);
            Preloaded loaded = preload(stack);
            String ingress = loaded.ingress();

            long memoryBefore = usedHeapAfterGc();
            long rssBefore = rssBytes();
            Measured passThroughRun = passThrough(cluster, ingress, state.resolve("pt"));
            double passThrough = passThroughRun.perSecond();
            System.out.printf("pass-through: %,.0f records/s%n", passThrough);
            long[] deltas = new long[2]; // heap, RSS: while governance still runs
            Measured governanceRun = governance(stack, ingress, state.resolve("gov"), app -> {
                deltas[0] = usedHeapAfterGc() - memoryBefore;
                deltas[1] = rssBytes() - rssBefore;
            });
            double governance = governanceRun.perSecond();
            System.out.printf("governance: %,.0f records/s%n", governance);
            // The first runs are short enough that the JIT compiler works through them (a core's worth, on two):
            // the same runs again, on a copy of the records under a product of their own, measure warm code.
            Measured passThroughAgain = null;
            Measured governanceAgain = null;
            if (secondPass) {
                String again = preload(stack, PLAIN + "-again", PiiProtection.HASH, "").ingress();
                passThroughAgain = passThrough(cluster, again, state.resolve("pt"));
                System.out.printf("pass-through, second pass: %,.0f records/s%n", passThroughAgain.perSecond());
                governanceAgain = governance(stack, again, state.resolve("gov"), app -> { });
                System.out.printf("governance, second pass: %,.0f records/s%n", governanceAgain.perSecond());
            }
            // Each run's records are loaded just before it (the same application id then reads only those), with
            // customers of their own, so every ENCRYPT run creates its subjects' keys; the order alternates, since
            // the earlier run of a round also warms the JVM for the later one.
            List<Run[]> byRound = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Run hash = null;
                Run encrypt = null;
                for (boolean encryptNow : r % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    Run run = round(stack, state.resolve("gov"), r, encryptNow);
                    System.out.printf("round %d, %s: %,.0f records/s%n", r, run.label(), run.measured().perSecond());
                    if (encryptNow) {
                        encrypt = run;
                    } else {
                        hash = run;
                    }
                }
                byRound.add(new Run[] {hash, encrypt});
            }

            double[] latency = latency(stack, ingress, state.resolve("gov"), loaded.orderId(), governance / 2);
            BenchTable throughput = new BenchTable(String.format("Governance throughput (%,d records of ~%d bytes, "
                    + "%d%% invalid, %d partitions, exactly_once_v2, 1 stream thread; orders of %,d customers, Zipf "
                    + "s=%.1f)", records, loaded.averageBytes(), invalidPercent, partitions, subjects, zipf),
                    "app", "records/s", "vs pass-through")
                    .row("pass-through Streams (same bytes, same guarantee)", String.format("%,.0f", passThrough), "1.00x")
                    .row("governance, e-mail HASH, address MASK", String.format("%,.0f", governance),
                            BenchTable.ratio(governance, passThrough));
            if (secondPass) {
                throughput.row("second pass: pass-through Streams", String.format("%,.0f",
                                passThroughAgain.perSecond()), "1.00x")
                        .row("second pass: governance, e-mail HASH, address MASK", String.format("%,.0f",
                                governanceAgain.perSecond()), BenchTable.ratio(governanceAgain.perSecond(),
                                passThroughAgain.perSecond()));
            }
            BenchTable traffic = new BenchTable(String.format("Records written per record read, and registry calls "
                    + "(each app's client metrics just before it closed: records written by all its producers, "
                    + "records its stream threads read from the ingress topic and from every topic, its own outputs "
                    + "read back included; remote schema lookups until %.0f %% of the records were committed, and "
                    + "after, goal 0)", 100 * WARM_UP_SHARE),
                    "app", "ingress records read", "all records read", "records written", "written per ingress record",
                    "registry calls warming up", "registry calls after warm-up");
            // Where the writes go: a hold-back of early records, for one, writes each held record's changelog twice.
            BenchTable outputs = new BenchTable("Records written by topic (the same client metrics)", "app", "topic",
                    "records written", "per ingress record");
            Map<String, Measured> runs = new LinkedHashMap<>();
            runs.put("pass-through Streams", passThroughRun);
            runs.put("governance, e-mail HASH, address MASK", governanceRun);
            if (secondPass) {
                runs.put("second pass: pass-through Streams", passThroughAgain);
                runs.put("second pass: governance, e-mail HASH, address MASK", governanceAgain);
            }
            for (int r = 0; r < byRound.size(); r++) {
                for (Run run : byRound.get(r)) {
                    String label = "round " + (r + 1) + ": governance, " + run.label();
                    throughput.row(label, String.format("%,.0f", run.measured().perSecond()),
                            BenchTable.ratio(run.measured().perSecond(), passThrough));
                    runs.put(label, run.measured());
                }
            }
            runs.forEach((label, run) -> {
                StreamsTraffic t = run.traffic();
                traffic.row(label, String.format("%,d", t.input()), String.format("%,d", t.read()),
                        String.format("%,d", t.written()), String.format("%.2f", t.writtenPerInput()),
                        String.format("%,d", run.registryCallsWarmingUp()),
                        String.format("%,d", run.registryCallsAfterWarmUp()));
                t.writtenByTopic().entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                        .forEach(w -> outputs.row(label, w.getKey(), String.format("%,d", w.getValue()),
                                String.format("%.3f", (double) w.getValue() / t.input())));
            });
            throughput.print(System.out);
            traffic.print(System.out);
            outputs.print(System.out);
            BenchTable keys = new BenchTable(String.format("Per-subject ENCRYPT against HASH/MASK, same records (key "
                    + "cache of %,d)", config(stack, state).keyCacheSize()), "round", "ENCRYPT vs HASH/MASK",
                    "key-cache hit rate", "distinct customers accepted", "keys created",
                    "key-topic writes per new subject");
            double ratios = 0;
            for (int r = 0; r < byRound.size(); r++) {
                Run hash = byRound.get(r)[0];
                Run encrypt = byRound.get(r)[1];
                ratios += encrypt.measured().perSecond() / hash.measured().perSecond();
                long lookups = encrypt.hits() + encrypt.misses();
                keys.row(r + 1, BenchTable.ratio(encrypt.measured().perSecond(), hash.measured().perSecond()),
                        String.format("%.1f %% (%,d of %,d lookups)", 100.0 * encrypt.hits() / lookups,
                                encrypt.hits(), lookups),
                        String.format("%,d", encrypt.subjects()), String.format("%,d", encrypt.created()),
                        String.format("%.3f (%,d records on %s)", (double) encrypt.keyWrites() / encrypt.subjects(),
                                encrypt.keyWrites(), MeshTopics.KEYS));
            }
            if (!byRound.isEmpty()) { // --rounds 0: no ENCRYPT run to compare
                keys.row("mean", String.format("%.2fx", ratios / byRound.size()), "", "", "", "").print(System.out);
            }
            new BenchTable(String.format("End-to-end latency, producer → public topic (read_committed), at %,.0f "
                    + "records/s (half of governance peak) for %d s", governance / 2, latencySeconds),
                    "p50 ms", "p99 ms", "p99.9 ms", "samples")
                    .row(String.format("%.1f", latency[0]), String.format("%.1f", latency[1]),
                            String.format("%.1f", latency[2]), (long) latency[3])
                    .print(System.out);
            new BenchTable("Governance memory (same JVM as the embedded broker: deltas over the idle baseline)",
                    "heap used after GC", "RSS growth")
                    .row(String.format("%,d MiB", deltas[0] >> 20), String.format("%,d MiB", deltas[1] >> 20))
                    .print(System.out);
        } catch (Exception e) {
            throw new IllegalStateException("governance benchmark failed: " + e.getMessage(), e);
        }
    }

    /** One run of a round: its product loaded (customers {@code R<round>-C-<rank>}), then governed. */
    private Run round(BenchStack stack, Path state, int round, boolean encrypt) throws Exception {
        String product = PLAIN + (encrypt ? "-encrypted-" : "-") + round;
        Preloaded load = preload(stack, product, encrypt ? PiiProtection.ENCRYPT : PiiProtection.HASH,
                "R" + round + "-");
        long keysBefore = countRecords(stack.cluster(), MeshTopics.KEYS);
        DataKeyCache[] cache = new DataKeyCache[1];
        Measured measured = governance(stack, load.ingress(), state, app -> cache[0] = app.keyCache());
        return new Run(encrypt ? "e-mail ENCRYPT per customer, address MASK" : "e-mail HASH, address MASK",
                measured, cache[0].hits(), cache[0].misses(), cache[0].created(),
                countRecords(stack.cluster(), MeshTopics.KEYS) - keysBefore, load.subjects());
    }

    /**
     * Registers the schemas, provisions the product's topics and announces its contract (as the admin), then
     * pre-loads the records into the ingress topic: the HASH/MASK product.
     */
    Preloaded preload(BenchStack stack) throws Exception {
        return preload(stack, PLAIN, PiiProtection.HASH, "");
    }

    /**
     * The same for a product of the same schema and records, whose e-mail is protected with {@code email} and whose
     * customer ids start with {@code customers}.
     */
    private Preloaded preload(BenchStack stack, String product, PiiProtection email, String customers)
            throws Exception {
        Set<String> accepted = new HashSet<>();
        Declared declared = declare(stack, product, email, customers, accepted);
        System.out.printf("Pre-loading %,d records (%d%% invalid) into %s...%n", records, invalidPercent,
                declared.ingress());
        preload(stack.cluster(), declared.ingress(), declared.payloads());
        return new Preloaded(declared.ingress(), declared.orderId(), Arrays.stream(declared.payloads())
                .mapToLong(p -> p.length).sum() / declared.payloads().length, accepted.size());
    }

    /**
     * A product declared the way the benchmark declares its own (HASH/MASK), and its payloads, not sent.
     *
     * @param payloads the records' values, {@code min(records, 100 000)} of them to cycle through
     */
    record Declared(String ingress, String publicTopic, long orderId, byte[][] payloads) {
    }

    /** Registers the schemas, provisions the product's topics and announces its contract (as the admin). */
    Declared declare(BenchStack stack, String product) throws Exception {
        return declare(stack, product, PiiProtection.HASH, "", new HashSet<>());
    }

    private Declared declare(BenchStack stack, String product, PiiProtection email, String customers,
                             Set<String> accepted) throws Exception {
        long orderId = register(stack, product, ORDER);
        long noteId = register(stack, product, ORDER_WITH_NOTE);
        ProductId id = new ProductId(DOMAIN, product);
        try (Admin admin = stack.cluster().createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(MeshTopicDefinitions.contracts(DOMAIN),
                    MeshTopicDefinitions.ingress(id.ingressTopic(), partitions)), Duration.ofSeconds(30));
        }
        announce(stack.cluster(), product, orderId, email);
        return new Declared(id.ingressTopic(), id.major(1).publicTopic(), orderId,
                payloads(orderId, noteId, customers, accepted));
    }

    /**
     * Records per second of governance, as the stack's governance principal, through the pre-loaded topic;
     * {@code whileRunning} runs after the measurement, before governance stops.
     */
    double governance(BenchStack stack, String ingress, Path state, Runnable whileRunning) throws Exception {
        return governance(stack, ingress, state, app -> whileRunning.run()).perSecond();
    }

    private Measured governance(BenchStack stack, String ingress, Path state, Consumer<GovernanceApp> whileRunning)
            throws Exception {
        try (GovernanceApp app = GovernanceApp.start(config(stack, state))) {
            long[] callsAtWarmUp = new long[1];
            Timed timed = timeUntilCommitted(stack.cluster(), BenchStack.GOVERNANCE_APP_ID, ingress,
                    () -> app.state() == KafkaStreams.State.RUNNING, () -> callsAtWarmUp[0] = app.registryCalls());
            long callsAfterWarmUp = app.registryCalls() - callsAtWarmUp[0];
            whileRunning.accept(app);
            return new Measured(timed.perSecond(), StreamsTraffic.of(app.metrics(), ingress), callsAtWarmUp[0],
                    callsAfterWarmUp);
        }
    }

    private GovernanceConfig config(BenchStack stack, Path state) {
        return GovernanceConfig.from(settings(stack, state));
    }

    /** Governance's settings in every run of the benchmarks, in this JVM or another. */
    Properties settings(BenchStack stack, Path state) {
        Properties props = stack.settings(BenchStack.GOVERNANCE);
        props.setProperty("governance.application.id", BenchStack.GOVERNANCE_APP_ID);
        props.setProperty("governance.state.dir", state.toString());
        props.setProperty("governance.http.port", "0");
        props.setProperty("governance.pii.hmac.secret", "bench-secret-0123456789");
        props.setProperty("governance.keys.keystore", state.resolve("keys/mesh-keys.p12").toString());
        props.setProperty("governance.public.topic.partitions", String.valueOf(partitions));
        props.setProperty("governance.topic.refresh.ms", "1000");
        return props;
    }

    /** How many records a topic holds, read committed (transaction markers take offsets too). */
    private static long countRecords(EmbeddedCluster cluster, String topic) {
        Properties props = cluster.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all);
            long count = 0;
            while (all.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    /** Creates the pass-through baseline's output topic, as many partitions as the ingress. */
    void createPassThroughOutput(EmbeddedCluster cluster) throws Exception {
        try (Admin admin = cluster.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(PASS_THROUGH_OUT, partitions, (short) 1))).all().get();
        }
    }

    /** Copies bytes from the ingress topic to another topic, exactly once, nothing else. */
    Measured passThrough(EmbeddedCluster cluster, String ingress, Path state) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(ingress, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(PASS_THROUGH_OUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            Timed timed = timeUntilCommitted(cluster, "bench-passthrough", ingress,
                    () -> streams.state() == KafkaStreams.State.RUNNING, () -> { });
            return new Measured(timed.perSecond(), StreamsTraffic.of(streams.metrics(), ingress), 0, 0);
        }
    }

    /**
     * From the moment {@code running} holds until the group's committed offsets reach the end of the input; runs
     * {@code afterWarmUp} once the first {@link #WARM_UP_SHARE} of the records to do are committed. Records
     * committed before the start do not count.
     */
    Timed timeUntilCommitted(EmbeddedCluster cluster, String group, String topic, BooleanSupplier running,
                             Runnable afterWarmUp) throws Exception {
        while (!running.getAsBoolean()) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long started = System.nanoTime();
        try (Admin admin = cluster.createAdmin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
            Map<TopicPartition, Long> atStart = committed(admin, group, topic);
            long toDo = ends.entrySet().stream()
                    .mapToLong(e -> e.getValue() - atStart.getOrDefault(e.getKey(), 0L)).sum();
            boolean warm = false;
            while (true) {
                Map<TopicPartition, Long> now = committed(admin, group, topic);
                long done = ends.keySet().stream()
                        .mapToLong(p -> now.getOrDefault(p, 0L) - atStart.getOrDefault(p, 0L)).sum();
                if (!warm && done >= WARM_UP_SHARE * toDo) {
                    afterWarmUp.run();
                    warm = true;
                }
                if (done >= toDo) {
                    Map<TopicPartition, Long> processed = new HashMap<>();
                    ends.forEach((p, end) -> processed.put(p, end - atStart.getOrDefault(p, 0L)));
                    return new Timed((System.nanoTime() - started) / 1e9, processed);
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((partition, offset) -> {
            if (partition.topic().equals(topic) && offset != null) {
                offsets.put(partition, offset.offset());
            }
        });
        return offsets;
    }

    /** Publishes at a steady rate and measures record timestamp → visible (committed) on the public topic. */
    private double[] latency(BenchStack stack, String ingress, Path state, long orderId, double rate)
            throws Exception {
        EmbeddedCluster cluster = stack.cluster();
        List<Long> samples = new ArrayList<>();
        String publicTopic = new ProductId(DOMAIN, PLAIN).major(1).publicTopic();
        // The throughput run's application id: it resumes at the end of the backlog instead of re-reading it.
        try (GovernanceApp app = GovernanceApp.start(config(stack, state));
             KafkaConsumer<byte[], byte[]> consumer = consumer(cluster);
             KafkaProducer<String, byte[]> producer = producer(cluster)) {
            consumer.subscribe(List.of(publicTopic));
            while (app.state() != KafkaStreams.State.RUNNING) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            // Skip what the throughput run left on the topic.
            consumer.poll(Duration.ofSeconds(1));
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            Random random = new Random(7);
            long intervalNanos = (long) (1e9 / rate);
            long next = System.nanoTime();
            long stopAt = next + TimeUnit.SECONDS.toNanos(latencySeconds);
            long warmupUntil = next + TimeUnit.SECONDS.toNanos(3);
            int i = 0;
            while (System.nanoTime() < stopAt) {
                while (System.nanoTime() >= next) {
                    producer.send(new ProducerRecord<>(ingress, null, System.currentTimeMillis(), "L-" + i,
                            frame(orderId, order(random, i++, false))));
                    next += intervalNanos;
                }
                consumer.poll(Duration.ofMillis(1)).forEach(r -> {
                    if (System.nanoTime() > warmupUntil && r.key() != null && r.key().length > 1
                            && r.key()[0] == 'L' && r.key()[1] == '-') {
                        samples.add(System.currentTimeMillis() - r.timestamp());
                    }
                });
            }
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, 0};
        }
        return new double[] {percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999),
                sorted.length};
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedCluster cluster) {
        Properties props = cluster.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-reader");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedCluster cluster) {
        Properties props = cluster.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private void preload(EmbeddedCluster cluster, String ingress, byte[][] payloads) throws Exception {
        Properties props = cluster.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(ingress, "ORD-" + i, payloads[i % payloads.length]));
            }
            producer.flush();
        }
    }

    /**
     * Up to 100 000 distinct payloads cycled: realistic ~300-byte orders, some invalid in three ways, of customers
     * drawn from a Zipf distribution over {@link #subjects} (the same every run; that many payloads, so that most
     * customers appear). The customers of the valid ones go to {@code accepted}.
     */
    private byte[][] payloads(long orderId, long noteId, String prefix, Set<String> accepted) {
        Random random = new Random(20261125);
        ZipfCustomers customers = new ZipfCustomers(prefix, subjects, zipf, new Random(7));
        int distinct = Math.min(records, 100_000);
        byte[][] out = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            int roll = random.nextInt(100);
            if (roll < invalidPercent / 3) {
                byte[] noise = new byte[300];
                random.nextBytes(noise);
                noise[0] = 7;
                out[i] = noise; // malformed
                continue;
            }
            GenericRecord r = order(random, i, false);
            String customer = customers.next();
            r.put("customerId", customer);
            if (roll < 2 * invalidPercent / 3) {
                r.put("total", -1.0); // fails the positive-total rule
                out[i] = frame(orderId, r);
            } else if (roll < invalidPercent) {
                out[i] = frame(noteId, withNote(r, "reach me at someone" + i + "@example.org")); // untagged e-mail
            } else {
                out[i] = frame(orderId, r);
                accepted.add(customer);
            }
        }
        return out;
    }

    /** Customer ids {@code <prefix>C-<rank>}, rank 1 to n drawn with probability proportional to 1/rank^s. */
    private static final class ZipfCustomers {
        private final String prefix;
        private final double[] cumulative;
        private final Random random;

        ZipfCustomers(String prefix, int n, double s, Random random) {
            this.prefix = prefix;
            this.cumulative = new double[n];
            this.random = random;
            double sum = 0;
            for (int rank = 1; rank <= n; rank++) {
                sum += 1 / Math.pow(rank, s);
                cumulative[rank - 1] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        String next() {
            int at = Arrays.binarySearch(cumulative, random.nextDouble());
            return prefix + "C-" + ((at < 0 ? -at - 1 : at) + 1);
        }
    }

    /**
     * Registers one more version of the product's schema (an optional coupon) and returns valid orders framed with
     * its global id: records whose schema no governance instance has looked up yet.
     */
    byte[][] newVersionPayloads(BenchStack stack, String product, int count) throws Exception {
        long couponId = register(stack, product, ORDER_WITH_COUPON);
        Random random = new Random(20261203);
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            GenericRecord order = order(random, i, false);
            GenericRecord r = new GenericData.Record(ORDER_WITH_COUPON);
            ORDER.getFields().forEach(f -> r.put(f.name(), order.get(f.name())));
            r.put("coupon", "WINTER-" + i);
            out[i] = frame(couponId, r);
        }
        return out;
    }

    private static GenericRecord withNote(GenericRecord order, String note) {
        GenericRecord r = new GenericData.Record(ORDER_WITH_NOTE);
        ORDER.getFields().forEach(f -> r.put(f.name(), order.get(f.name())));
        r.put("note", note);
        return r;
    }

    static GenericRecord order(Random random, int i, boolean unused) {
        Schema itemSchema = ORDER.getField("items").schema().getElementType();
        List<GenericRecord> items = new ArrayList<>();
        double total = 0;
        for (int n = 0; n < 1 + random.nextInt(2); n++) {
            GenericRecord item = new GenericData.Record(itemSchema);
            double price = 5 + random.nextInt(20_000) / 100.0;
            item.put("sku", String.format("SKU-%04d-%04d", random.nextInt(10_000), random.nextInt(10_000)));
            item.put("productName", "Trail running shoe model " + random.nextInt(100));
            item.put("quantity", 1 + random.nextInt(3));
            item.put("unitPrice", price);
            items.add(item);
            total += price;
        }
        GenericRecord address = new GenericData.Record(ORDER.getField("shippingAddress").schema());
        address.put("street", (1 + random.nextInt(200)) + " Rue de la Republique");
        address.put("city", "Lyon");
        address.put("postalCode", String.format("690%02d", random.nextInt(10)));
        address.put("country", "FR");
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("orderId", String.format("ORD-2026-%07d", i));
        order.put("customerId", "C-" + random.nextInt(1_000_000));
        order.put("customerEmail", "customer" + random.nextInt(1_000_000) + "@example.com");
        order.put("items", items);
        order.put("total", total);
        order.put("currency", "EUR");
        order.put("shippingAddress", address);
        order.put("channel", new GenericData.EnumSymbol(ORDER.getField("channel").schema(), "WEB"));
        order.put("orderedAt", Instant.now().toEpochMilli());
        return order;
    }

    private static byte[] frame(long globalId, GenericRecord record) {
        return Framing.frame(globalId, record);
    }

    private static void announce(EmbeddedCluster cluster, String product, long globalId, PiiProtection email)
            throws Exception {
        DataProductDescriptor descriptor = DataProductDescriptor.newBuilder()
                .setId(DOMAIN + "." + product).setDomain(DOMAIN).setName(product).setMajorVersion(1)
                .setTitle("Bench orders").setDescription("").setOwner(new Owner("bench", "bench@example.com"))
                .setStatus(ProductStatus.ACTIVE).setCompatibility(CompatibilityMode.BACKWARD)
                .setContractSchema(ORDER.toString()).setSchemaRef(new SchemaRef(DOMAIN, product, "1", globalId))
                .setPiiProtection(Map.of("EMAIL", email, "ADDRESS", PiiProtection.MASK))
                .setQualityRules(List.of(new QualityRule("positive-total", "", "record.total >= 0.0",
                        RuleAction.QUARANTINE)))
                .setSlo(new ServiceLevelObjectives(null, null))
                .setIngressTopic(new ProductId(DOMAIN, product).ingressTopic())
                .setPublicTopic(new ProductId(DOMAIN, product).major(1).publicTopic())
                .setUpdatedAt(Instant.now()).build();
        try (KafkaProducer<String, DataProductDescriptor> producer = new KafkaProducer<>(cluster.clientProperties(),
                new StringSerializer(), MeshEventSerde.of(DataProductDescriptor.class).serializer())) {
            // On the domain's contract topic, as the SDK announces: governance checks it and puts it in force.
            producer.send(new ProducerRecord<>(MeshTopicDefinitions.contracts(DOMAIN).name(),
                    new ProductId(DOMAIN, product).major(1).toString(), descriptor)).get();
        }
    }

    private static long register(BenchStack stack, String artifact, Schema schema) throws Exception {
        String api = stack.cluster().registryApiUrl();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String content = json.writeValueAsString(Map.of("content", schema.toString(), "contentType", "application/json"));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(request(stack, api + "/groups/" + DOMAIN + "/artifacts")
                .POST(HttpRequest.BodyPublishers.ofString("{\"artifactId\":\"" + artifact
                        + "\",\"artifactType\":\"AVRO\",\"firstVersion\":{\"content\":" + content + "}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() == 200) {
            return json.readTree(created.body()).path("version").path("globalId").asLong();
        }
        HttpResponse<String> version = http.send(request(stack, api + "/groups/" + DOMAIN + "/artifacts/" + artifact
                        + "/versions")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":" + content + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(version.body()).path("globalId").asLong();
    }

    /** A JSON request to the registry, as the admin on a secure stack. */
    private static HttpRequest.Builder request(BenchStack stack, String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                "application/json");
        stack.registryAdminHeaders().forEach(request::header);
        return request;
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
