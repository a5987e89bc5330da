package dev.meshbone.cli.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from its beginning (read committed, no consumer group), to its end or on and on. */
final class TopicReader {

    private TopicReader() {
    }

    /** Every committed record now on the topic; fails with a clear message when the topic does not exist. */
    static void readAll(Properties client, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        read(client, topic, each, () -> { }, false, () -> false);
    }

    /**
     * Reads to the end, calls {@code caughtUp}, then (when {@code follow}) keeps handing over new records until
     * {@code stop} says so.
     */
    static void read(Properties client, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each,
                     Runnable caughtUp, boolean follow, BooleanSupplier stop) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist at " + props.get(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": is the mesh running there?");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            boolean behind = true;
            while (!stop.getAsBoolean()) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
                if (behind && assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    behind = false;
                    caughtUp.run();
                    if (!follow) {
                        return;
                    }
                }
            }
        }
    }
}
