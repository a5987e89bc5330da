package dev.meshbone.cli.ops;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.ProductId;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.schemas.MeshTopics;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = "Inspect quarantined records, or replay them into their ingress topic after a contract fix.",
        subcommands = {QuarantineCommand.ListCommand.class, QuarantineCommand.ReplayCommand.class},
        footer = {"", "Examples:", "  mesh quarantine list --product sales.orders",
                "  mesh quarantine replay --product sales.orders --code RULE_FAILED"})
public final class QuarantineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say `list` or `replay`");
    }

    /** What both subcommands select. */
    static final class Selection {
        @Option(names = "--product", required = true, paramLabel = "PRODUCT_ID",
                description = "The product whose quarantined records to take, e.g. sales.orders.")
        String productId;

        @Option(names = "--code", paramLabel = "CODE", description = "Only this violation code, e.g. RULE_FAILED.")
        String code;

        String ingressTopic(CommandSpec spec) {
            return ProductId.tryParse(productId).map(ProductId::ingressTopic).orElseThrow(() ->
                    new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--product must be <domain>.<product>, got '" + productId + "'"));
        }

        List<ConsumerRecord<byte[], byte[]>> read(Properties client, CommandSpec spec) {
            String ingress = ingressTopic(spec);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            TopicReader.readAll(client, MeshTopics.QUARANTINE, r -> {
                if (ingress.equals(header(r, MeshHeaders.VIOLATION_SOURCE_TOPIC))
                        && (code == null || code.equalsIgnoreCase(header(r, MeshHeaders.VIOLATION_CODE)))) {
                    records.add(r);
                }
            });
            return records;
        }
    }

    static String header(ConsumerRecord<?, ?> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String ledgerKey(ConsumerRecord<?, ?> r) {
        return r.partition() + ":" + r.offset();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a product's quarantined records.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        Selection selection;
        @Mixin
        ClusterOptions cluster;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Set<String> replayed = Replays.read(cluster);
            Table table = new Table("QUARANTINE", "TIME", "CODE", "REPLAYED", "MESSAGE");
            selection.read(cluster.client("quarantine-list"), spec).forEach(r -> table.row(ledgerKey(r),
                    Instant.ofEpochMilli(Long.parseLong(header(r, MeshHeaders.VIOLATION_TIME))),
                    header(r, MeshHeaders.VIOLATION_CODE), replayed.contains(ledgerKey(r)) ? "yes" : "no",
                    header(r, MeshHeaders.VIOLATION_MESSAGE)));
            PrintWriter out = spec.commandLine().getOut();
            table.print(out);
            out.println(table.size() + " quarantined record(s) of " + selection.productId);
            out.flush();
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send a product's quarantined records back to its ingress topic, original bytes and "
                    + "headers, marked mesh.replayed.from. Each quarantined record is replayed at most once: each "
                    + "batch commits with its ledger entries, and a second replay of the same product fences the "
                    + "first.")
    static final class ReplayCommand implements Callable<Integer> {
        @Mixin
        Selection selection;
        @Mixin
        ClusterOptions cluster;
        @Spec
        CommandSpec spec;

        @Option(names = "--batch", defaultValue = "5000", paramLabel = "N",
                description = "Records per transaction; progress is printed after each (default ${DEFAULT-VALUE}).")
        int batch;

        @Override
        public Integer call() throws Exception {
            if (batch < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1");
            }
            String ingress = selection.ingressTopic(spec);
            Properties props = cluster.client("quarantine-replay");
            // One transactional id per product: initTransactions fences a replay of the same product still running
            // (its open batch aborts), and the ledger is read only after that, so no record goes out twice.
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, AclPlan.OPS_REPLAY_TRANSACTIONAL_ID_PREFIX
                    + selection.productId);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.initTransactions();
                Set<String> replayed = Replays.read(cluster);
                List<ConsumerRecord<byte[], byte[]>> selected = selection.read(cluster.client("quarantine-replay"),
                        spec);
                List<ConsumerRecord<byte[], byte[]>> todo = selected.stream()
                        .filter(r -> !replayed.contains(ledgerKey(r))).toList();
                long start = System.nanoTime();
                for (int from = 0; from < todo.size(); from += batch) {
                    List<ConsumerRecord<byte[], byte[]>> part = todo.subList(from, Math.min(todo.size(), from + batch));
                    producer.beginTransaction();
                    part.forEach(r -> replay(producer, ingress, r));
                    producer.commitTransaction();
                    int done = from + part.size();
                    if (done < todo.size()) {
                        err.printf("replayed %,d of %,d (%d %%, %,.0f records/s)%n", done, todo.size(),
                                100L * done / todo.size(), done / seconds(start));
                        err.flush();
                    }
                }
                out.printf("Replayed %d record(s) of %s into %s%s.%n", todo.size(), selection.productId, ingress,
                        todo.isEmpty() ? "" : String.format(" in %.1f s (%,.0f records/s); governance checks them "
                                + "again", seconds(start), todo.size() / seconds(start)));
                int skipped = selected.size() - todo.size();
                if (skipped > 0) {
                    out.printf("Skipped %d already replayed.%n", skipped);
                }
            }
            out.flush();
            return 0;
        }

        private static void replay(KafkaProducer<byte[], byte[]> producer, String ingress,
                                   ConsumerRecord<byte[], byte[]> r) {
            RecordHeaders headers = new RecordHeaders();
            for (Header h : r.headers()) {
                if (!h.key().startsWith(MeshHeaders.VIOLATION_PREFIX) && !h.key().equals(MeshHeaders.REPLAYED_FROM)) {
                    headers.add(h);
                }
            }
            headers.add(MeshHeaders.REPLAYED_FROM, (MeshTopics.QUARANTINE + ":" + ledgerKey(r))
                    .getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(ingress, null, r.key(), r.value(), headers));
            // The ledger entry commits with the replayed record, or neither does.
            producer.send(new ProducerRecord<>(MeshTopics.REPLAYS, ledgerKey(r).getBytes(StandardCharsets.UTF_8),
                    ingress.getBytes(StandardCharsets.UTF_8)));
        }

        private static double seconds(long startNanos) {
            return Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** The replay ledger: a compacted topic of quarantine positions already replayed. */
    static final class Replays {
        static Set<String> read(ClusterOptions cluster) {
            Properties client = cluster.client("replays");
            try (Admin admin = Admin.create(client)) {
                new TopicProvisioner(admin, cluster.replicationFactor()).ensure(MeshTopicDefinitions.REPLAYS,
                        Duration.ofSeconds(15));
            }
            Set<String> done = new HashSet<>();
            TopicReader.readAll(client, MeshTopics.REPLAYS, r -> done.add(new String(r.key(), StandardCharsets.UTF_8)));
            return done;
        }
    }
}
