package dev.meshbone.cli.demo;

import dev.meshbone.cli.ops.ClusterOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The demo domains on their own, against any mesh (docker-compose runs them this way). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Publish demo data (sales, customers, logistics; a few bad records) into a running mesh "
                + "until stopped.",
        footer = {"", "Examples:", "  mesh demo --bootstrap-servers kafka:9092 --registry-url http://registry:8080"})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--rate", defaultValue = "5", description = "Records per second per product (default ${DEFAULT-VALUE}).")
    int rate;

    @Override
    public Integer call() throws InterruptedException {
        DemoDomains demo = DemoDomains.start(cluster.meshConfig(), rate);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Publishing demo data at " + rate + " records/s per product to " + cluster.bootstrapServers()
                + " (Ctrl-C to stop)");
        stopped.await();
        return 0;
    }
}
