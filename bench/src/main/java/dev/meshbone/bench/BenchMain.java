package dev.meshbone.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bench/target/meshbone-bench.jar <benchmark> [options]}. */
@Command(name = "meshbone-bench", mixinStandardHelpOptions = true,
        description = "Meshbone benchmarks; each prints a table with its in-run baseline and the ratio.",
        subcommands = {GovernanceBench.class, ScaleBench.class, ChaosBench.class, CatalogBench.class, SdkBench.class,
            SecurityBench.class})
public final class BenchMain implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
