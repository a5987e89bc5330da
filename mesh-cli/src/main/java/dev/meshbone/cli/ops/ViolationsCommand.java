package dev.meshbone.cli.ops;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "violations", mixinStandardHelpOptions = true,
        description = "Show governance violations (newest last); --follow keeps printing new ones until Ctrl-C.",
        footer = {"", "Examples:", "  mesh violations", "  mesh violations --product sales.orders --limit 50",
                "  mesh violations --follow"})
public final class ViolationsCommand implements Callable<Integer> {

    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);

    @Option(names = "--product", paramLabel = "PRODUCT_ID", description = "Only this product, e.g. sales.orders.")
    String productId;

    @Option(names = "--limit", defaultValue = "20", description = "How many of the latest to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--follow", description = "Keep printing new violations as they happen.")
    boolean follow;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Deque<String> latest = new ArrayDeque<>();
        boolean[] caughtUp = {false};
        java.util.function.Consumer<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> each = r -> {
            GovernanceViolation v = VIOLATIONS.decode(r.value());
            if (productId != null && !productId.equals(v.getProductId())) {
                return;
            }
            String line = format(v);
            if (caughtUp[0]) {
                out.println(line);
                out.flush();
            } else {
                latest.addLast(line);
                if (latest.size() > limit) {
                    latest.removeFirst();
                }
            }
        };
        TopicReader.read(cluster.client("violations"), MeshTopics.VIOLATIONS, each, () -> {
            latest.forEach(out::println);
            out.println(latest.size() + " violation(s) shown" + (follow ? "; following (Ctrl-C to stop)" : ""));
            out.flush();
            caughtUp[0] = true;
        }, follow, () -> Thread.currentThread().isInterrupted());
        return 0;
    }

    static String format(GovernanceViolation v) {
        String where = v.getFieldPath() != null ? "field " + v.getFieldPath()
                : v.getRuleId() != null ? "rule " + v.getRuleId() : "";
        return String.format("%s  %-24s %-19s %-10s %-24s %s", v.getDetectedAt(), v.getProductId(), v.getCode(),
                v.getAction(), where, v.getMessage());
    }
}
