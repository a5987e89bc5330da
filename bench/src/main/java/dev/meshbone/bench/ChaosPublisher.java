package dev.meshbone.bench;

import dev.meshbone.examples.sales.Order;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshPublisher;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * The publishing service of the chaos benchmark's {@code PUBLISHER_KILL} scenario, a JVM of its own: publishes
 * orders through the SDK ({@link MeshPublisher}, its idempotent producer) at a steady rate, key {@code <prefix><i>},
 * and appends the index of each record the broker acknowledged to a file, as a service would note what it may
 * forget. Started again on the same file, it publishes every record not noted there: what a restarted service
 * does with the work it cannot know was done.
 *
 * <p>Arguments: settings file, product name, key prefix, records, records per second, acknowledgement file.
 */
public final class ChaosPublisher {

    private ChaosPublisher() {
    }

    static MeshConfig config(Properties settings, String name) {
        return MeshConfig.builder().properties(settings).clientId(name + "-publisher").topicPartitions(3).build();
    }

    /** The indexes an acknowledgement file holds (a line cut short by a kill is ignored). */
    static BitSet acknowledged(Path file) {
        BitSet done = new BitSet();
        if (!Files.exists(file)) {
            return done;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.matches("\\d+")) {
                    done.set(Integer.parseInt(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done;
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            settings.load(in);
        }
        String name = args[1];
        String prefix = args[2];
        int records = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        Path acks = Path.of(args[5]);
        BitSet done = acknowledged(acks);
        List<Order> pool = SdkBench.pool();
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config(settings, name), SdkBench.product(name),
                Order.class);
             Writer log = Files.newBufferedWriter(acks, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            long start = System.nanoTime();
            long sent = 0;
            for (int i = done.nextClearBit(0); i < records; i = done.nextClearBit(i + 1)) {
                while (sent >= (System.nanoTime() - start) / 1e9 * rate) {
                    LockSupport.parkNanos(1_000_000);
                }
                int index = i;
                publisher.publish(prefix + i, pool.get(i % pool.size())).whenComplete((metadata, e) -> {
                    if (e == null) {
                        synchronized (log) {
                            try {
                                log.write(index + "\n");
                                log.flush(); // a write(2) per record: the kernel keeps it through a SIGKILL
                            } catch (IOException io) {
                                throw new UncheckedIOException(io);
                            }
                        }
                    }
                });
                sent++;
            }
            publisher.flush();
        }
    }
}
