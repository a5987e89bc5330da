package dev.meshbone.sdk.internal.publish;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.MeshException;
import dev.meshbone.sdk.internal.kafka.ClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads contracts from, and announces them on, the compacted topics keyed by contract key
 * ({@code <domain>.<product>.v<major>}): {@code mesh.products}, whose latest value per key is the contract in force
 * (only governance writes it), and the domain's {@code mesh.contracts.<domain>}, where the domain announces.
 */
public final class Contracts {

    private static final Logger LOGGER = LoggerFactory.getLogger(Contracts.class);
    private static final MeshEventSerde<DataProductDescriptor> SERDE = MeshEventSerde.of(DataProductDescriptor.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private Contracts() {
    }

    /**
     * Reads the whole topic to its end and returns the latest descriptor under the key, if any (or a tombstone). A
     * topic that does not exist yet holds none.
     */
    public static Optional<DataProductDescriptor> latest(MeshConfig config, String topic, String contractKey,
                                                         Instant deadline) {
        byte[] key = contractKey.getBytes(StandardCharsets.UTF_8);
        Properties props = ClientSettings.consumer(config, "contracts-" + contractKey, null, "earliest");
        // Reading a topic that is not there yet must not create it with the broker's defaults (not compacted).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic,
                    Duration.ofMillis(remaining(deadline)));
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofMillis(remaining(deadline)));
            DataProductDescriptor latest = null;
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new MeshException("Could not read " + topic + " to its end within the open "
                            + "timeout");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (Arrays.equals(key, record.key())) {
                        latest = decode(record);
                    }
                }
            }
            return Optional.ofNullable(latest);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new MeshException("Could not read " + topic + " within the open timeout: "
                    + e.getMessage(), e);
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static DataProductDescriptor decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return SERDE.decode(record.value());
        } catch (SerializationException e) {
            // Someone else's bytes under our key: treat as absent, so the contract is announced again.
            LOGGER.warn("Ignoring an unreadable descriptor at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return null;
        }
    }

    /**
     * Sends a descriptor to the domain's contract topic and waits until the broker has it (not until governance has
     * put it in force: records that overtake their contract are held by governance).
     */
    public static void announce(Producer<byte[], byte[]> producer, String topic, String contractKey,
                                DataProductDescriptor descriptor, Instant deadline) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                contractKey.getBytes(StandardCharsets.UTF_8), SERDE.encode(descriptor));
        try {
            producer.send(record).get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MeshException("Could not announce " + contractKey + " on " + topic + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new MeshException("Could not announce " + contractKey + " on " + topic
                    + " within the open timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshException("interrupted while announcing " + contractKey, e);
        }
        LOGGER.info("Announced {} on {}: status {}, schema version {}, fingerprint {}", contractKey, topic,
                descriptor.getStatus(), descriptor.getSchemaRef().getVersion(),
                descriptor.getFingerprint().substring(0, 12));
    }

    /** Milliseconds left until the deadline, at least 1. */
    private static long remaining(Instant deadline) {
        return Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    }
}
