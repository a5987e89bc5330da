package dev.meshbone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.catalog.app.CatalogService;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.contract.ProductId;
import dev.meshbone.embedded.EmbeddedKafka;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.Owner;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Catalog freshness, memory and API throughput at scale, against one catalog projector on an embedded broker (or
 * yours).
 * <ul>
 *   <li>Freshness: changes (descriptors and violations, alternating, each on another product) written at a steady
 *       rate; time from write to visible in {@code GET /api/products/{id}}; p50/p99 against the 250 ms goal.</li>
 *   <li>Memory: heap after a full GC with the products loaded, less the heap before the first, per product; the
 *       growth of the resident set per product.</li>
 *   <li>Throughput on the loaded catalog: one product, a page of the list, a search and the domains, against
 *       {@code /health} (no catalog work at all) measured in the same run.</li>
 * </ul>
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "Catalog freshness (write -> visible in GET /api/products/{id}) at a steady rate of changes,"
                + " memory per product and API throughput.")
public final class CatalogBench implements Callable<Integer> {

    private static final double GOAL_MS = 250;
    private static final int WARM_UP_SECONDS = 5;

    @Option(names = "--products", defaultValue = "10000", description = "Products in the catalog (default ${DEFAULT-VALUE}).")
    int products;

    @Option(names = "--changes", defaultValue = "3000", description = "Changes timed for freshness (default ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--rate", defaultValue = "50", description = "Changes written per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--clients", defaultValue = "4", description = "HTTP clients for throughput (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per throughput run (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka instead of an embedded broker.")
    String bootstrapServers;

    @Option(names = "--set", description = "A catalog setting for the projector measured, key=value (repeatable).")
    Map<String, String> overrides = new HashMap<>();

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        Path state = Files.createTempDirectory("catalog-bench");
        EmbeddedKafka kafka = bootstrapServers == null ? EmbeddedKafka.start() : null;
        String bootstrap = kafka != null ? kafka.bootstrapServers() : bootstrapServers;
        String name = "catalog-bench-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap);
        settings.put("catalog.application.id", name);
        settings.put("catalog.state.dir", state.toString());
        settings.put("catalog.http.host", "127.0.0.1");
        settings.put("catalog.http.port", "0");
        // The catalog alone is measured: descriptors are written straight to its products topic, standing in for
        // governance (which alone writes mesh.products in the mesh, republishing checked announcements).
        settings.put("catalog.topic.products", name + ".products");
        settings.put("catalog.topic.violations", name + ".violations");
        settings.put("catalog.topic.stats", name + ".stats");
        settings.put("catalog.topic.catalog", name + ".catalog");
        settings.putAll(overrides);
        CatalogConfig config = CatalogConfig.from(settings);
        try (CatalogService catalog = CatalogService.start(config);
             KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            String base = "http://127.0.0.1:" + catalog.httpPort();
            waitFor("projector running", () -> catalog.activeTasks() > 0);

            long heapBefore = heapAfterGc();
            long rssBefore = rss();
            long loadStart = System.nanoTime();
            for (int i = 0; i < products; i++) {
                announce(producer, config, i, 0);
            }
            producer.flush();
            waitFor(products + " products in the catalog", () -> get(base + "/health").path("products").asInt() == products);
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            get(base + "/api/products"); // loads the list index: part of what the catalog holds
            long heapAfter = heapAfterGc();
            long rssAfter = rss();
            new BenchTable(String.format("Catalog at %d products (one JVM with the embedded broker: heap after a full GC;"
                    + " resident set, which holds RocksDB's memtables too)", products), "loaded in ms",
                    "heap before MiB", "heap after MiB", "heap per product KiB", "resident per product KiB")
                    .row(loadMillis, mib(heapBefore), mib(heapAfter), kib((heapAfter - heapBefore) / products),
                            rssBefore < 0 ? "n/a" : kib((rssAfter - rssBefore) / products))
                    .print(System.out);

            freshness(producer, config, base);
            throughput(base);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
        return 0;
    }

    /** A change written and not yet seen. */
    private record Pending(int change, String url, Predicate<JsonNode> visible, boolean descriptor, long writtenNanos) {
    }

    private void freshness(KafkaProducer<String, byte[]> producer, CatalogConfig config, String base) throws Exception {
        List<Long> descriptorNanos = new ArrayList<>();
        List<Long> violationNanos = new ArrayList<>();
        int warmUp = Math.min(changes / 2, rate * WARM_UP_SECONDS);
        // One thread writes on schedule; one polls every pending change in turn. The poller's rounds slow down as
        // more changes are pending, so the measurement cannot flood the catalog when it falls behind.
        Queue<Pending> pending = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        long start = System.nanoTime();
        Thread writer = new Thread(() -> {
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (int c = 0; c < changes; c++) {
                LockSupport.parkNanos(start + c * interval - System.nanoTime());
                int product = (int) ((c * 7919L) % products); // consecutive changes on products far apart
                String id = productId(product);
                String marker = "rev-" + c;
                long written = System.nanoTime();
                if (c % 2 == 0) {
                    announce(producer, config, product, c);
                    pending.add(new Pending(c, base + "/api/products/" + id,
                            p -> p.path("title").asText().endsWith(marker), true, written));
                } else {
                    producer.send(new ProducerRecord<>(config.topics().violations(), id,
                            MeshEventSerde.of(GovernanceViolation.class).encode(violation(id, marker))));
                    pending.add(new Pending(c, base + "/api/products/" + id, p -> p.path("recentViolations").path(0)
                            .path("message").asText().equals("rule positive-total failed, " + marker), false, written));
                }
            }
            writing.set(false);
        }, "catalog-bench-writer");
        writer.start();
        while (writing.get() || !pending.isEmpty()) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.visible().test(get(p.url()))) {
                    long nanos = System.nanoTime() - p.writtenNanos();
                    it.remove();
                    if (p.change() >= warmUp) {
                        (p.descriptor() ? descriptorNanos : violationNanos).add(nanos);
                    }
                } else if (System.nanoTime() - p.writtenNanos() > TimeUnit.SECONDS.toNanos(30)) {
                    throw new IllegalStateException("change " + p.change() + " not visible within 30 s: " + p.url());
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        writer.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> all = new ArrayList<>(descriptorNanos);
        all.addAll(violationNanos);
        new BenchTable(String.format("Catalog freshness: write -> visible in GET /api/products/{id} (%d changes at %d/s,"
                + " %.0f/s achieved, the first %d not counted (warm-up), %d products)", changes, rate,
                changes / seconds, warmUp, products),
                "change", "n", "p50 ms", "p99 ms", "max ms", "p99 vs 250 ms goal")
                .row(freshnessRow("descriptor", descriptorNanos))
                .row(freshnessRow("violation", violationNanos))
                .row(freshnessRow("all", all))
                .print(System.out);
    }

    private static Object[] freshnessRow(String name, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double p50 = percentile(sorted, 0.50);
        double p99 = percentile(sorted, 0.99);
        return new Object[] {name, sorted.size(), ms(p50), ms(p99), ms(sorted.get(sorted.size() - 1) / 1e6),
                BenchTable.ratio(p99, GOAL_MS)};
    }

    private void throughput(String base) throws Exception {
        Run baseline = run(i -> base + "/health");
        Run single = run(i -> base + "/api/products/" + productId(i % products));
        Run page = run(i -> base + "/api/products?offset=" + (i * 100L % products) + "&limit=100");
        Run search = run(i -> base + "/api/products?q=product-" + (i % products));
        Run domains = run(i -> base + "/api/domains");
        new BenchTable(String.format("Catalog API throughput (%d products, %d clients, %d s each, same run)", products,
                clients, seconds), "endpoint", "requests/s", "vs /health", "mean ms", "response KiB")
                .row(throughputRow("GET /health (baseline)", baseline, baseline))
                .row(throughputRow("GET /api/products/{id}", single, baseline))
                .row(throughputRow("GET /api/products?offset&limit=100", page, baseline))
                .row(throughputRow("GET /api/products?q=<id> (search)", search, baseline))
                .row(throughputRow("GET /api/domains", domains, baseline))
                .print(System.out);
    }

    private static Object[] throughputRow(String name, Run run, Run baseline) {
        return new Object[] {name, Math.round(run.perSecond()), BenchTable.ratio(run.perSecond(), baseline.perSecond()),
                ms(run.meanMillis()), kib(run.bytes())};
    }

    private record Run(long requests, long nanos, long bytes, double seconds) {
        double perSecond() {
            return requests / seconds;
        }

        double meanMillis() {
            return nanos / 1e6 / requests;
        }
    }

    /** {@code clients} threads for one warm-up second, then {@code seconds} measured. */
    private Run run(IntFunction<String> url) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        LongAdder requests = new LongAdder();
        LongAdder nanos = new LongAdder();
        LongAdder bytes = new LongAdder();
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                int i = ThreadLocalRandom.current().nextInt(products);
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return null;
                    }
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url.apply(i++))).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(url.apply(i) + " answered " + response.statusCode());
                    }
                    if (start >= warmUpEnd) {
                        requests.increment();
                        nanos.add(System.nanoTime() - start);
                        bytes.add(response.body().length);
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return new Run(requests.sum(), nanos.sum(), bytes.sum() / Math.max(1, requests.sum()), seconds);
    }

    private JsonNode get(String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return mapper.readTree(response.body());
        } catch (IOException e) {
            return mapper.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static String productId(int i) {
        return new ProductId("domain" + (i % 20), "product-" + i).toString();
    }

    private static final String SCHEMA = BundledSchemas.load(BundledSchemas.SALES_ORDERS).toString();

    private static void announce(KafkaProducer<String, byte[]> producer, CatalogConfig config, int i, int revision) {
        String domain = "domain" + (i % 20);
        String name = "product-" + i;
        DataProductDescriptor d = DataProductDescriptor.newBuilder()
                .setId(new ProductId(domain, name).toString()).setDomain(domain).setName(name).setMajorVersion(1)
                .setTitle("Product " + i + " rev-" + revision)
                .setDescription("Benchmark product " + i).setOwner(new Owner(domain + "-team", domain + "@example.com"))
                .setTags(List.of("bench")).setStatus(ProductStatus.ACTIVE).setCompatibility(CompatibilityMode.BACKWARD)
                .setContractSchema(SCHEMA)
                .setSchemaRef(SchemaRef.newBuilder().setGroupId(domain).setArtifactId(name).setVersion("1").build())
                .setPiiProtection(Map.of("EMAIL", PiiProtection.ENCRYPT))
                .setSlo(ServiceLevelObjectives.newBuilder().setMaxIntervalMillis(3_600_000L).setMaxViolationRate(0.05).build())
                .setIngressTopic(new ProductId(domain, name).ingressTopic()).setPublicTopic(new ProductId(domain, name).major(1).publicTopic())
                .setUpdatedAt(Instant.now())
                .build();
        producer.send(new ProducerRecord<>(config.topics().products(), new ProductId(domain, name).major(1).toString(),
                MeshEventSerde.of(DataProductDescriptor.class).encode(d)));
    }

    private static GovernanceViolation violation(String productId, String marker) {
        Instant now = Instant.now();
        return GovernanceViolation.newBuilder().setProductId(productId).setMajorVersion(1)
                .setCode(ViolationCode.RULE_FAILED).setAction(RuleAction.QUARANTINE)
                .setMessage("rule positive-total failed, " + marker).setRuleId("positive-total")
                .setSourceTopic(MeshTopics.INGRESS_PREFIX + productId).setSourcePartition(0).setSourceOffset(0)
                .setRecordTimestamp(now).setDetectedAt(now).setAppInstance("bench").build();
    }

    private static double percentile(List<Long> sortedNanos, double q) {
        int index = (int) Math.ceil(q * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, Math.min(index, sortedNanos.size() - 1))) / 1e6;
    }

    private static String ms(double millis) {
        return String.format("%.1f", millis);
    }

    private static String kib(long bytes) {
        return String.format("%.1f", bytes / 1024.0);
    }

    private static String mib(long bytes) {
        return String.format("%.0f", bytes / 1024.0 / 1024.0);
    }

    /** Heap in use after a full collection (twice, so that what the first one freed is gone). */
    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** This process's resident set (Linux), or -1. */
    private static long rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
