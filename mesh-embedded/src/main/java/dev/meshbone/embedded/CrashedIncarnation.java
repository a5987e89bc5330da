package dev.meshbone.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a single-node broker restarts on the log of a crash, lets its controller alone fence the dead
 * incarnation.
 *
 * <p>Why: the restarted node replays a metadata log in which its dead incarnation is still alive, so its broker
 * leads every partition and its transaction coordinator resumes the commits it had prepared, while the controller
 * (restarted too, and knowing nothing of the crash) fences that incarnation only once its session expires. In that
 * window every partition is leaderless, and Kafka 4.4's transaction coordinator takes a partition without a leader
 * for a deleted one: it drops the pending COMMIT marker and the transaction hangs on that partition for ever
 * (read_committed readers stop at it; a hanging offset commit sends a consumer group back to older offsets). With
 * the dead incarnation fenced first, the broker leads nothing until it is registered again, and its coordinator
 * then finds every leader.
 */
final class CrashedIncarnation {

    private static final Logger LOGGER = LoggerFactory.getLogger(CrashedIncarnation.class);
    private static final String FENCED_BROKERS = "kafka.controller:type=KafkaController,name=FencedBrokerCount";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private CrashedIncarnation() {
    }

    /** The node of these settings, after fencing the broker of a crashed run of its log directory. */
    static KafkaRaftServer newNode(Properties props) {
        fenceIfCrashed(props);
        return new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    }

    /**
     * Fences the broker of a crashed run of this log directory; does nothing for a new directory or after a clean
     * shutdown.
     *
     * @param brokerProps the settings the node will start with (broker and controller)
     */
    private static void fenceIfCrashed(Properties brokerProps) {
        Path logDir = Path.of(brokerProps.getProperty("log.dirs"));
        if (new CleanShutdownFileHandler(logDir.toString()).exists()
                || !hasRun(logDir.resolve(Topic.CLUSTER_METADATA_TOPIC_PARTITION.toString()))) {
            return;
        }
        long started = System.nanoTime();
        KafkaRaftServer controller = new KafkaRaftServer(KafkaConfig.fromProps(controllerOnly(brokerProps), false),
                Time.SYSTEM);
        try {
            controller.startup();
            if (awaitFencedBroker(started)) {
                // A warning: whoever runs the mesh should know it crashed, and why this start is slower.
                LOGGER.warn("Kafka at {} had crashed: its controller fenced the dead broker in {} ms", logDir,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } else {
                LOGGER.warn("Kafka at {} had crashed and its controller did not fence the dead broker within {} s; "
                        + "starting anyway: a transaction it had prepared may hang", logDir, TIMEOUT.toSeconds());
            }
        } finally {
            controller.shutdown();
            controller.awaitShutdown();
        }
    }

    /** Formatting leaves only checkpoints in the metadata log; a node that ran has written a log segment. */
    private static boolean hasRun(Path metadataLog) {
        try (Stream<Path> files = Files.list(metadataLog)) {
            return files.anyMatch(f -> f.toString().endsWith(".log") && f.toFile().length() > 0);
        } catch (IOException e) {
            return false; // no metadata log yet
        }
    }

    /** The same node as a controller only: same id, quorum, controller listeners, security and metadata log. */
    private static Properties controllerOnly(Properties brokerProps) {
        Properties props = new Properties();
        props.putAll(brokerProps);
        props.put("process.roles", "controller");
        List<String> controllerNames = List.of(brokerProps.getProperty("controller.listener.names").split(","));
        props.put("listeners", Arrays.stream(brokerProps.getProperty("listeners").split(","))
                .filter(l -> controllerNames.contains(l.substring(0, l.indexOf(':'))))
                .collect(Collectors.joining(",")));
        props.remove("advertised.listeners");
        props.remove("inter.broker.listener.name");
        props.remove("sasl.mechanism.inter.broker.protocol");
        return props;
    }

    private static boolean awaitFencedBroker(long started) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        long deadline = started + TIMEOUT.toNanos();
        try {
            ObjectName fenced = new ObjectName(FENCED_BROKERS);
            while (System.nanoTime() < deadline) {
                if (mbeans.isRegistered(fenced) && ((Number) mbeans.getAttribute(fenced, "Value")).intValue() > 0) {
                    return true;
                }
                Thread.sleep(100);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read " + FENCED_BROKERS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the controller fenced the crashed broker", e);
        }
        return false;
    }
}
