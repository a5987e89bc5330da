package dev.meshbone.bench;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.embedded.SecurityMode;
import dev.meshbone.examples.sales.LineItem;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.examples.sales.PostalAddress;
import dev.meshbone.examples.sales.SalesChannel;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshPublisher;
import dev.meshbone.sdk.internal.publish.IdentityCachedDatumProvider;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Publishing throughput of the SDK against its baseline: a raw {@link KafkaProducer} with the Apicurio serializer
 * configured as the contract says (global id of the same registered version, auto-register off, explicit version),
 * the same producer settings ({@code acks=all}, idempotence, linger, batch, compression) and the same topic, fed the
 * same records. Two more raw paths split the difference: one adds the five mesh headers the SDK must send, one also
 * uses the SDK's datum provider, so it does on the wire everything the SDK does, without the SDK. Each round runs
 * every path, rotating which goes first, after a warm-up of all, because the broker shares this machine.
 */
@Command(name = "sdk", mixinStandardHelpOptions = true,
        description = "MeshPublisher vs a raw KafkaProducer with the same serializer and producer settings.")
public final class SdkBench implements Runnable {

    @Option(names = "--records", description = "Records per measured run (default ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--warmup", description = "Records per path before measuring (default ${DEFAULT-VALUE}).")
    int warmup = 100_000;

    @Option(names = "--rounds", description = "Measured rounds; each runs every path, rotating which goes first "
            + "(default ${DEFAULT-VALUE}).")
    int rounds = 4;

    @Option(names = "--partitions", description = "Partitions of the topic (default ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--linger-ms", description = "linger.ms for every path (default ${DEFAULT-VALUE}).")
    int lingerMs = 5;

    @Option(names = "--batch-size", description = "batch.size for every path (default ${DEFAULT-VALUE}).")
    int batchSize = 65_536;

    @Option(names = "--compression", description = "compression.type for every path (default ${DEFAULT-VALUE}).")
    String compression = "lz4";

    private static final int POOL = 10_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One measured run: records per second until all are acknowledged, and caller-thread CPU per record. */
    record Run(double perSecond, double cpuNanosPerRecord) {
    }

    /** A way of publishing the same records. */
    private record Path(String name, Function<Integer, Run> publish) {
    }

    @Override
    public void run() {
        List<Order> pool = pool();
        try (BenchStack stack = BenchStack.start(SecurityMode.PLAINTEXT)) {
            EmbeddedCluster cluster = stack.cluster();
            MeshConfig config = config(stack);
            DataProduct product = product();
            try (MeshPublisher<Order> sdk = MeshPublisher.open(config, product, Order.class);
                 KafkaProducer<String, Order> raw = rawProducer(cluster, config, product, sdk.schemaVersion(), false);
                 KafkaProducer<String, Order> tuned = rawProducer(cluster, config, product, sdk.schemaVersion(),
                         true)) {
                String topic = sdk.topic();
                RecordHeaders meshHeaders = meshHeaders(product, sdk.schemaVersion());
                List<Path> paths = List.of(
                        new Path("SDK: MeshPublisher", n -> viaSdk(sdk, pool, n)),
                        new Path("raw KafkaProducer (baseline)", n -> viaRaw(raw, topic, pool, n, null)),
                        new Path("raw + the 5 mesh headers", n -> viaRaw(raw, topic, pool, n, meshHeaders)),
                        new Path("raw + headers + SDK's datum provider", n -> viaRaw(tuned, topic, pool, n,
                                meshHeaders)));
                System.out.printf(Locale.ROOT, "Warming up: %,d records per path%n", warmup);
                paths.forEach(p -> p.publish().apply(warmup));
                double[][] results = new double[paths.size()][2 * rounds];
                for (int round = 0; round < rounds; round++) {
                    StringBuilder line = new StringBuilder("Round " + (round + 1) + ":");
                    for (int k = 0; k < paths.size(); k++) {
                        int p = (k + round) % paths.size(); // rotate which path goes first
                        Run run = paths.get(p).publish().apply(records);
                        results[p][2 * round] = run.perSecond();
                        results[p][2 * round + 1] = run.cpuNanosPerRecord();
                        line.append(String.format(Locale.ROOT, " [%s %,.0f rec/s]", paths.get(p).name(),
                                run.perSecond()));
                    }
                    System.out.println(line);
                }
                print(paths, results);
            }
        }
    }

    /** The records every path publishes, cycled. */
    static List<Order> pool() {
        List<Order> pool = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            pool.add(order(i));
        }
        return pool;
    }

    /** The SDK's settings: the stack's, as the domain's principal, and this benchmark's publisher settings. */
    MeshConfig config(BenchStack stack) {
        return MeshConfig.builder()
                .properties(stack.settings(BenchStack.DOMAIN))
                .clientId("sdk-bench")
                .topicPartitions(partitions)
                .kafka(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs))
                .kafka(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize))
                .kafka(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression)
                .build();
    }

    static DataProduct product() {
        return product("orders");
    }

    /** Orders of the bench domain, as the benchmarks' publishers declare them. */
    static DataProduct product(String name) {
        return DataProduct.builder(BenchStack.DOMAIN, name)
                .title("Benchmark orders")
                .owner("bench", "bench@example.com")
                .schema(Order.getClassSchema())
                .build();
    }

    private void print(List<Path> paths, double[][] results) {
        BenchTable table = new BenchTable(String.format(Locale.ROOT,
                "SDK publishing vs raw KafkaProducer: %,d records x %d rounds per path (rotating order), %d "
                        + "partitions, acks=all, idempotent, linger.ms=%d, batch.size=%d, compression=%s, embedded cluster",
                records, rounds, partitions, lingerMs, batchSize, compression),
                "path", "mean rec/s", "min rec/s", "max rec/s", "SDK / path", "caller CPU ns/rec");
        double sdk = mean(results[0], 0);
        for (int p = 0; p < paths.size(); p++) {
            double rate = mean(results[p], 0);
            table.row(paths.get(p).name(), format(rate), format(extreme(results[p], true)),
                    format(extreme(results[p], false)), BenchTable.ratio(sdk, rate), format(mean(results[p], 1)));
        }
        table.print(System.out);
    }

    private static double mean(double[] values, int offset) {
        double sum = 0;
        int n = 0;
        for (int i = offset; i < values.length; i += 2) {
            sum += values[i];
            n++;
        }
        return sum / n;
    }

    private static double extreme(double[] values, boolean min) {
        double out = values[0];
        for (int i = 0; i < values.length; i += 2) {
            out = min ? Math.min(out, values[i]) : Math.max(out, values[i]);
        }
        return out;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Through the SDK, from the first publish until every record is acknowledged. */
    static Run viaSdk(MeshPublisher<Order> sdk, List<Order> pool, int count) {
        AtomicLong failed = new AtomicLong();
        BiConsumer<RecordMetadata, Throwable> onDone = (m, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        };
        long start = System.nanoTime();
        long cpu = cpuNanos();
        for (int i = 0; i < count; i++) {
            Order order = pool.get(i % POOL);
            sdk.publish(order.getOrderId(), order).whenComplete(onDone);
        }
        sdk.flush();
        return measured(count, start, cpu, failed);
    }

    /** Through a raw producer, measured the same way. */
    private static Run viaRaw(KafkaProducer<String, Order> raw, String topic, List<Order> pool, int count,
                              RecordHeaders headers) {
        AtomicLong failed = new AtomicLong();
        Callback callback = (m, e) -> {
            if (e != null) {
                failed.incrementAndGet();
            }
        };
        long start = System.nanoTime();
        long cpu = cpuNanos();
        for (int i = 0; i < count; i++) {
            Order order = pool.get(i % POOL);
            raw.send(new ProducerRecord<>(topic, null, null, order.getOrderId(), order,
                    headers == null ? null : eventHeaders(headers)), callback);
        }
        raw.flush();
        return measured(count, start, cpu, failed);
    }

    private static Run measured(int count, long startNanos, long startCpu, AtomicLong failed) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuPerRecord = (double) (cpuNanos() - startCpu) / count;
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " records failed");
        }
        return new Run(count / seconds, cpuPerRecord);
    }

    /** CPU time of the calling thread: what publishing costs the service's thread, whatever the broker does. */
    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The raw producer: the SDK's producer settings, the serializer configured as the SDK configures it. */
    private static KafkaProducer<String, Order> rawProducer(EmbeddedCluster cluster, MeshConfig config,
                                                             DataProduct product, String version,
                                                             boolean sdkDatumProvider) {
        Properties props = cluster.clientProperties();
        props.putAll(config.kafkaProperties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, sdkDatumProvider ? "sdk-bench-raw-tuned" : "sdk-bench-raw");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        AvroKafkaSerializer<Order> serializer = new AvroKafkaSerializer<>();
        Map<String, Object> serde = new HashMap<>(Map.of(
                SerdeConfig.REGISTRY_URL, config.registryUrl(),
                SerdeConfig.USE_ID, "globalId",
                SerdeConfig.AUTO_REGISTER_ARTIFACT, false,
                SerdeConfig.EXPLICIT_ARTIFACT_GROUP_ID, product.domain(),
                SerdeConfig.EXPLICIT_ARTIFACT_ID, product.artifactId(),
                SerdeConfig.EXPLICIT_ARTIFACT_VERSION, version));
        if (sdkDatumProvider) {
            serde.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, IdentityCachedDatumProvider.class.getName());
        }
        serializer.configure(serde, false);
        return new KafkaProducer<>(props, new StringSerializer(), serializer);
    }

    private static RecordHeaders meshHeaders(DataProduct product, String version) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MeshHeaders.PRODUCT_ID, product.productId().getBytes(StandardCharsets.UTF_8));
        headers.add(MeshHeaders.MAJOR_VERSION, "1".getBytes(StandardCharsets.UTF_8));
        headers.add(MeshHeaders.SCHEMA_VERSION, version.getBytes(StandardCharsets.UTF_8));
        headers.add(MeshHeaders.PRODUCER_ID, "sdk-bench".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The constant headers plus an event time, as the SDK sends them. */
    private static RecordHeaders eventHeaders(RecordHeaders constant) {
        RecordHeaders headers = new RecordHeaders(constant.toArray());
        headers.add(MeshHeaders.EVENT_TIME, Long.toString(System.currentTimeMillis())
                .getBytes(StandardCharsets.US_ASCII));
        return headers;
    }

    /** A realistic order: one to three line items, an address, an e-mail. */
    static Order order(int n) {
        List<LineItem> items = new ArrayList<>(3);
        for (int i = 0; i <= n % 3; i++) {
            items.add(new LineItem("SKU-" + (10_000 + (n * 7 + i) % 5_000), "Product " + ((n + i) % 997),
                    1 + (n + i) % 4, 4.99 + (n + i) % 200));
        }
        double total = items.stream().mapToDouble(i -> i.getQuantity() * i.getUnitPrice()).sum();
        return Order.newBuilder()
                .setOrderId(String.format(Locale.ROOT, "ORD-2026-%07d", n))
                .setCustomerId("C-" + (100_000 + n % 20_000))
                .setCustomerEmail("customer" + (n % 20_000) + "@example.com")
                .setItems(items)
                .setTotal(Math.round(total * 100) / 100.0)
                .setCurrency(n % 10 == 0 ? "USD" : "EUR")
                .setShippingAddress(new PostalAddress((1 + n % 300) + " Rue de la République", "Lyon",
                        String.format(Locale.ROOT, "690%02d", n % 10), "FR"))
                .setChannel(SalesChannel.values()[n % 3])
                .setOrderedAt(Instant.ofEpochMilli(1_760_000_000_000L + n * 1_000L))
                .build();
    }
}
