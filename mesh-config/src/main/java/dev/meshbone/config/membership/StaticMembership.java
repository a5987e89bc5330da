package dev.meshbone.config.membership;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Gives a Kafka Streams app's instance one {@code group.instance.id} for life (static membership, KIP-345), kept in
 * its state directory. A dynamic member that dies stays in the group until its session times out (45 s by default),
 * and the member that replaces it waits for that before it gets any partition; a static member restarted with the
 * same id takes its old place at once. Kafka Streams appends each stream thread's index to the id.
 *
 * <p>An id set in the app's Kafka settings ({@code group.instance.id}, or with a {@code consumer.} or
 * {@code main.consumer.} prefix) wins, for example a Kubernetes pod name; set to the empty string, it turns static
 * membership off. A static member does not leave the group when it closes unless asked: the apps close with
 * {@code LEAVE_GROUP}, so a planned stop hands the partitions over at once too.
 */
public final class StaticMembership {

    /** The file, in the app's folder of the state directory, that holds the instance's id. */
    public static final String FILE = "meshbone-group-instance-id";

    private static final List<String> KEYS = List.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            "consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            "main.consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    private StaticMembership() {
    }

    /**
     * Sets the main consumer's {@code group.instance.id} in these Kafka Streams properties (which hold
     * {@code state.dir} and {@code application.id}) unless they set one; returns the id in use, empty when static
     * membership is off.
     */
    public static Optional<String> configure(Properties streams) {
        Optional<String> explicit = KEYS.stream().filter(streams::containsKey).findFirst()
                .map(key -> String.valueOf(streams.get(key)).strip());
        if (explicit.isPresent()) {
            if (explicit.get().isEmpty()) {
                KEYS.forEach(streams::remove); // the consumer refuses an empty id
                return Optional.empty();
            }
            return explicit;
        }
        Path folder = Path.of(streams.getProperty("state.dir"), streams.getProperty("application.id"));
        String id = readOrCreate(folder.resolve(FILE));
        streams.put("main.consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
        return Optional.of(id);
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(temp, newId() + "\n", StandardCharsets.UTF_8);
            try {
                // Not REPLACE_EXISTING: of two processes starting on one folder, both use the id written first
                // (and Kafka Streams then refuses the second, which cannot lock the folder).
                Files.move(temp, file);
            } catch (FileAlreadyExistsException e) {
                Files.delete(temp);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep this instance's group.instance.id in " + file
                    + " (set kafka.group.instance.id, or make the state directory writable)", e);
        }
    }

    private static String read(Path file) throws IOException {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (id.isEmpty()) {
            throw new IOException(file + " is empty: delete it to get a new id");
        }
        return id;
    }

    /** The host's name (to tell members apart in {@code kafka-consumer-groups --describe}) and 32 random bits. */
    private static String newId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        } catch (UnknownHostException e) {
            host = "host";
        }
        return host + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
