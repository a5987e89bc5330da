package dev.meshbone.bench;

import dev.meshbone.embedded.EmbeddedCluster;
import dev.meshbone.embedded.SecurityMode;
import dev.meshbone.governance.config.GovernanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Governance scaled out: the {@code governance} benchmark's records on a topic of more partitions, worked by 1, 2
 * and 3 governance instances as separate JVMs (one application id per setup) and by one instance with 2 stream
 * threads, against a pass-through Streams app on the same topic in the same run.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Governance scaled out: 1, 2 and 3 instances as separate JVMs, and 2 stream threads in one, "
                + "on a 6-partition topic; per instance and in total, against a pass-through on the same topic.")
final class ScaleBench implements Runnable {

    @Option(names = "--records", description = "Records to pre-load (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--partitions", description = "Ingress partitions (default: ${DEFAULT-VALUE}).")
    int partitions = 6;

    @Option(names = "--instances", split = ",", description = "Instance counts to run, one stream thread each "
            + "(default: ${DEFAULT-VALUE}).")
    List<Integer> instances = List.of(1, 2, 3);

    @Option(names = "--threads", description = "Stream threads of the one instance of the last setup; 0 skips it "
            + "(default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--heap", description = "Maximum heap of each governance JVM (default: ${DEFAULT-VALUE}).")
    String heap = "512m";

    /** Long enough for a few JVMs to start on a busy 2-core machine and settle their group. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** How many governance JVMs, with how many stream threads each. */
    private record Setup(int instances, int threads) {
        String name() {
            return instances + "x" + threads;
        }
    }

    /**
     * One setup's run.
     *
     * @param perInstance records each instance committed in the run, by instance name
     * @param partitions  ingress partitions each instance owned at the end, by instance name
     */
    private record Result(Setup setup, GovernanceBench.Timed timed, Map<String, Long> perInstance,
                          Map<String, Integer> partitions) {
    }

    @Override
    public void run() {
        // The governance benchmark's records, generator and governance settings; only the partitions differ.
        GovernanceBench governance = new GovernanceBench();
        governance.records = records;
        governance.partitions = partitions;
        List<Setup> setups = new ArrayList<>(instances.stream().map(n -> new Setup(n, 1)).toList());
        if (threads > 0) {
            setups.add(new Setup(1, threads));
        }
        try (BenchStack stack = BenchStack.start(SecurityMode.PLAINTEXT)) {
            EmbeddedCluster cluster = stack.cluster();
            Path root = Files.createTempDirectory("meshbone-bench-scale-");
            governance.createPassThroughOutput(cluster);
            GovernanceBench.Preloaded loaded = governance.preload(stack);
            double passThrough = governance.passThrough(cluster, loaded.ingress(), root.resolve("pt")).perSecond();
            System.out.printf("pass-through: %,.0f records/s%n", passThrough);
            // One keystore for every instance, created here: instances starting together would race to create it.
            Properties settings = governance.settings(stack, root);
            GovernanceConfig.from(settings).openKeystore();
            List<Result> results = new ArrayList<>();
            for (Setup setup : setups) {
                Result result = run(governance, stack, loaded.ingress(), settings, root.resolve(setup.name()), setup);
                System.out.printf("%s: %,.0f records/s%n", setup.name(), result.timed().perSecond());
                results.add(result);
            }
            print(loaded, passThrough, results);
        } catch (Exception e) {
            throw new IllegalStateException("scale benchmark failed: " + e.getMessage(), e);
        }
    }

    /** Starts the setup's JVMs, times them from all RUNNING in a settled group to all records committed. */
    private Result run(GovernanceBench governance, BenchStack stack, String ingress, Properties settings, Path dir,
                       Setup setup) throws Exception {
        String group = BenchStack.GOVERNANCE_APP_ID + "-" + setup.name();
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("governance.application.id", group);
        props.setProperty("governance.stream.threads", String.valueOf(setup.threads()));
        try (MeshProcesses processes = new MeshProcesses();
             Admin admin = stack.cluster().createAdmin()) {
            for (int i = 1; i <= setup.instances(); i++) {
                String name = "governance-" + setup.name() + "-" + i;
                props.setProperty("governance.state.dir", dir.resolve(name).resolve("state").toString());
                processes.startGovernance(name, props, heap, dir.resolve(name));
            }
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            GovernanceBench.Timed timed = governance.timeUntilCommitted(stack.cluster(), group, ingress,
                    () -> settled(processes, admin, group, setup, deadline), () -> { });
            Map<String, Long> perInstance = new LinkedHashMap<>();
            Map<String, Integer> owned = new LinkedHashMap<>();
            Map<TopicPartition, String> owners = owners(describe(admin, group));
            for (MeshProcesses.Instance instance : processes.instances()) {
                perInstance.put(instance.name(), 0L);
                owned.put(instance.name(), 0);
            }
            timed.processed().forEach((partition, count) -> {
                String owner = owners.get(partition);
                if (owner != null) {
                    perInstance.merge(owner, count, Long::sum);
                    owned.merge(owner, 1, Integer::sum);
                }
            });
            return new Result(setup, timed, perInstance, owned);
        }
    }

    /**
     * Every instance RUNNING and the group stable with all their stream threads: before that, instances join one
     * by one and a rebalance moves partitions, so the figures would be an instance's alone.
     */
    private static boolean settled(MeshProcesses processes, Admin admin, String group, Setup setup,
                                   long deadline) {
        try {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("setup " + setup.name() + " not running after " + START_TIMEOUT
                        + "; logs: " + processes.instances().stream().map(i -> i.log().toString()).toList());
            }
            if (!processes.allRunning()) {
                return false;
            }
            ConsumerGroupDescription description = describe(admin, group);
            return description.groupState() == GroupState.STABLE
                    && description.members().size() == setup.instances() * setup.threads();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for setup " + setup.name(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe group " + group + ": " + e.getMessage(), e);
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    }

    /** The instance that owns each partition: its stream threads' consumers are {@code <name>-StreamThread-<n>-...}. */
    private static Map<TopicPartition, String> owners(ConsumerGroupDescription group) {
        Map<TopicPartition, String> owners = new LinkedHashMap<>();
        for (MemberDescription member : group.members()) {
            int thread = member.clientId().indexOf("-StreamThread-");
            if (thread > 0) {
                String instance = member.clientId().substring(0, thread);
                member.assignment().topicPartitions().forEach(p -> owners.put(p, instance));
            }
        }
        return owners;
    }

    private void print(GovernanceBench.Preloaded loaded, double passThrough, List<Result> results) {
        BenchTable table = new BenchTable(String.format("Governance scale-out (%,d records of ~%d bytes, the governance "
                + "benchmark's records and settings, %d partitions, exactly_once_v2; each instance a JVM of -Xmx%s, "
                + "timed from all RUNNING in a stable group to all committed; pass-through Streams in the benchmark's "
                + "JVM on the same topic)", records, loaded.averageBytes(), partitions, heap),
                "setup", "records timed", "records/s per instance (partitions)", "total records/s",
                "total vs pass-through", "total vs 1 instance");
        table.row("pass-through Streams, 1 thread", String.format("%,d", records), "-",
                String.format("%,.0f", passThrough), "1.00x", "-");
        double single = results.stream().filter(r -> r.setup().equals(new Setup(1, 1))).findFirst()
                .map(r -> r.timed().perSecond()).orElse(Double.NaN);
        for (Result result : results) {
            StringJoiner each = new StringJoiner(", ");
            result.perInstance().forEach((name, count) -> each.add(String.format("%,.0f (%d)",
                    count / result.timed().seconds(), result.partitions().get(name))));
            Setup setup = result.setup();
            table.row(String.format("governance, %d instance%s x %d stream thread%s", setup.instances(),
                            setup.instances() == 1 ? "" : "s", setup.threads(), setup.threads() == 1 ? "" : "s"),
                    String.format("%,d", result.timed().records()), each.toString(),
                    String.format("%,.0f", result.timed().perSecond()),
                    BenchTable.ratio(result.timed().perSecond(), passThrough),
                    Double.isNaN(single) ? "-" : BenchTable.ratio(result.timed().perSecond(), single));
        }
        table.print(System.out);
    }
}
