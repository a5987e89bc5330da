package dev.meshbone.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaRaftServer;

/**
 * The main of a broker in a child JVM ({@link EmbeddedKafka#startInChildJvm}): reads its settings from the file
 * the parent wrote into the formatted log directory, deletes it (it may hold passwords), runs the broker until
 * SIGTERM (a clean shutdown) or SIGKILL (a crash). Not for use on its own.
 */
public final class ChildBroker {

    /** The child's output, in its log directory. */
    static final String LOG = "broker.log";

    private ChildBroker() {
    }

    /** @param args the settings file */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        Files.delete(file);
        KafkaRaftServer server = CrashedIncarnation.newNode(props);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "meshbone-kafka-child-shutdown"));
        try {
            server.startup();
        } catch (RuntimeException e) {
            e.printStackTrace(); // into broker.log, which the parent quotes
            Runtime.getRuntime().halt(1); // not exit: a half-started server may not shut down
        }
        server.awaitShutdown();
    }
}
