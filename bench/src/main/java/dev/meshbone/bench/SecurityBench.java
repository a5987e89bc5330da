package dev.meshbone.bench;

import dev.meshbone.embedded.SecurityMode;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.sdk.MeshPublisher;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What security costs: the same measurements on a plaintext stack and on a secure one ({@link BenchStack}), in the
 * same run, rounds rotating which mode goes first. A subcommand of its own rather than a {@code --secure} option
 * on {@code sdk} and {@code governance}: the ratio needs both modes in one run, and one command that runs the SDK
 * and governance measurements of those benchmarks on both stacks keeps them unchanged. Each measurement gets a
 * fresh stack, so neither sees the other's topics or load, and each start is a time-to-ready sample.
 */
@Command(name = "security", mixinStandardHelpOptions = true,
        description = "Plaintext vs secure (SASL/SCRAM-SHA-512, the ACL plan, registry basic auth) on the same data: "
                + "SDK publishing as the domain, governance as its own principal, time to ready.")
final class SecurityBench implements Runnable {

    @Option(names = "--rounds", description = "Rounds; each measures both modes, rotating which goes first "
            + "(default ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(names = "--warmup-rounds", description = "Rounds run first and not reported: the JVM's first "
            + "measurements are the slowest, whichever mode they measure (default ${DEFAULT-VALUE}).")
    int warmupRounds = 1;

    @Option(names = "--sdk-records", description = "Records per measured SDK run (default ${DEFAULT-VALUE}).")
    int sdkRecords = 200_000;

    @Option(names = "--sdk-warmup", description = "Records published before measuring (default ${DEFAULT-VALUE}).")
    int sdkWarmup = 50_000;

    @Option(names = "--sdk-runs", description = "Measured SDK runs per stack, averaged (default ${DEFAULT-VALUE}).")
    int sdkRuns = 3;

    @Option(names = "--governance-records", description = "Records pre-loaded for governance "
            + "(default ${DEFAULT-VALUE}).")
    int governanceRecords = 300_000;

    private static final List<SecurityMode> MODES = List.of(SecurityMode.PLAINTEXT, SecurityMode.SECURE);

    /** One round's figures of one mode. */
    private record Figures(double sdkPerSecond, double governancePerSecond, double readySeconds) {
    }

    @Override
    public void run() {
        // The sdk and governance benchmarks with their defaults (publisher settings, partitions, invalid share).
        SdkBench sdk = new SdkBench();
        GovernanceBench governance = new GovernanceBench();
        governance.records = governanceRecords;
        List<Order> pool = SdkBench.pool();
        List<Map<SecurityMode, Figures>> results = new ArrayList<>();
        for (int round = -warmupRounds; round < rounds; round++) {
            Map<SecurityMode, Figures> figures = new EnumMap<>(SecurityMode.class);
            for (int k = 0; k < MODES.size(); k++) {
                // Rotated: P S, S P, ... cancels a steady drift of the machine over two rounds.
                SecurityMode mode = MODES.get(Math.floorMod(k + round, MODES.size()));
                figures.put(mode, measure(mode, sdk, governance, pool));
                System.out.printf(Locale.ROOT, "%s, %s: SDK %,.0f rec/s, governance %,.0f rec/s, ready %.1f s%n",
                        round < 0 ? "Warm-up" : "Round " + (round + 1), mode, figures.get(mode).sdkPerSecond(),
                        figures.get(mode).governancePerSecond(), figures.get(mode).readySeconds());
            }
            if (round >= 0) {
                results.add(figures);
            }
        }
        print(sdk, results);
    }

    private Figures measure(SecurityMode mode, SdkBench sdk, GovernanceBench governance, List<Order> pool) {
        double sdkRate;
        double sdkReady;
        try (BenchStack stack = BenchStack.start(mode);
             MeshPublisher<Order> publisher = MeshPublisher.open(sdk.config(stack), SdkBench.product(),
                     Order.class)) {
            sdkReady = stack.readySeconds();
            SdkBench.viaSdk(publisher, pool, sdkWarmup);
            double sum = 0;
            for (int i = 0; i < sdkRuns; i++) {
                sum += SdkBench.viaSdk(publisher, pool, sdkRecords).perSecond();
            }
            sdkRate = sum / sdkRuns;
        }
        try (BenchStack stack = BenchStack.start(mode)) {
            String ingress = governance.preload(stack).ingress();
            double rate = governance.governance(stack, ingress, Files.createTempDirectory("meshbone-bench-"),
                    () -> { });
            // Two stack starts per mode and round: their mean is the round's time to ready.
            return new Figures(sdkRate, rate, (sdkReady + stack.readySeconds()) / 2);
        } catch (Exception e) {
            throw new IllegalStateException("security benchmark failed (" + mode + "): " + e.getMessage(), e);
        }
    }

    private void print(SdkBench sdk, List<Map<SecurityMode, Figures>> results) {
        BenchTable table = new BenchTable(String.format(Locale.ROOT, "Plaintext vs secure (SASL/SCRAM-SHA-512 + "
                        + "ACL plan + registry basic auth), %d rounds rotating which mode goes first after %d warm-up, "
                        + "a fresh embedded stack per measurement. SDK: %,d records x %d runs after %,d warm-up, %d partitions, "
                        + "acks=all, idempotent, linger.ms=%d, batch.size=%d, %s, as the domain. Governance: %,d "
                        + "records pre-loaded, exactly_once_v2, as the governance principal with the plan's ACLs.",
                rounds, warmupRounds, sdkRecords, sdkRuns, sdkWarmup, sdk.partitions, sdk.lingerMs, sdk.batchSize, sdk.compression,
                governanceRecords),
                "measure", "round", "plaintext", "secure", "secure / plaintext");
        row(table, results, "SDK publish, rec/s", "%,.0f", Figures::sdkPerSecond);
        row(table, results, "governance, rec/s", "%,.0f", Figures::governancePerSecond);
        row(table, results, "time to ready, s", "%.1f", Figures::readySeconds);
        table.print(System.out);
    }

    /** One row per round and one for the mean of the rounds. */
    private static void row(BenchTable table, List<Map<SecurityMode, Figures>> results, String measure,
                            String format, ToDoubleFunction<Figures> value) {
        double plainSum = 0;
        double secureSum = 0;
        for (int round = 0; round < results.size(); round++) {
            double plain = value.applyAsDouble(results.get(round).get(SecurityMode.PLAINTEXT));
            double secure = value.applyAsDouble(results.get(round).get(SecurityMode.SECURE));
            plainSum += plain;
            secureSum += secure;
            table.row(measure, round + 1, String.format(Locale.ROOT, format, plain),
                    String.format(Locale.ROOT, format, secure), BenchTable.ratio(secure, plain));
        }
        table.row(measure, "mean", String.format(Locale.ROOT, format, plainSum / results.size()),
                String.format(Locale.ROOT, format, secureSum / results.size()),
                BenchTable.ratio(secureSum, plainSum));
    }
}
