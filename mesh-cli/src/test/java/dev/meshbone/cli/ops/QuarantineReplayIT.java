package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.cli.ops.CliAs.Run;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mesh quarantine replay} at volume, as an ops principal with the plan's rows only: 100 000 quarantined
 * records of one product (beside records of another code and another product), replayed in batches with progress;
 * each lands on the ingress topic exactly once, bytes and key intact, marked with its quarantine position; a second
 * replay sends nothing.
 */
@ExtendWith(MeshClusterExtension.class)
class QuarantineReplayIT {

    private static final int RECORDS = 100_000;

    @TempDir
    Path dir;

    @Test
    void shouldReplayAHundredThousandRecordsOnceWithProgress(MeshCluster cluster) throws Exception {
        // Given: the product's quarantined records, and some the selection must leave alone
        String run = UUID.randomUUID().toString().substring(0, 8);
        String product = "replay" + run + ".orders";
        String ingress = MeshTopics.INGRESS_PREFIX + product;
        try (Admin admin = cluster.createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(MeshTopicDefinitions.ALL, Duration.ofSeconds(30));
        }
        cluster.createTopic(ingress, 3);
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(quarantined(ingress, "RULE_FAILED", i));
            }
            for (int i = 0; i < 10; i++) {
                producer.send(quarantined(ingress, "UNTAGGED_PII", RECORDS + i));
                producer.send(quarantined(MeshTopics.INGRESS_PREFIX + "other" + run + ".orders", "RULE_FAILED", i));
            }
        }
        CliAs ops = CliAs.ops(cluster, dir, "ops-" + run, "quarantine", "list", "--product", "nobody.nothing");

        // When
        Run replay = ops.run("quarantine", "replay", "--product", product, "--code", "RULE_FAILED", "--batch", "20000");

        // Then: progress after each batch but the last, and the count with the rate
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.err().lines().toList()).hasSize(4).allMatch(l -> l.matches(
                "replayed \\d{2},000 of 100,000 \\(\\d+ %, [\\d,]+ records/s\\)"));
        assertThat(replay.out()).containsPattern("Replayed 100000 record\\(s\\) of " + product.replace(".", "\\.")
                + " into " + ingress.replace(".", "\\.") + " in [\\d.]+ s \\([\\d,]+ records/s\\)");
        System.out.println(replay.out().strip());

        // Then: each record once on the ingress topic, as it was quarantined, marked with where it was
        List<ConsumerRecord<byte[], byte[]>> replayed = new ArrayList<>();
        TopicReader.readAll(cluster.clientProperties(), ingress, replayed::add);
        assertThat(replayed).hasSize(RECORDS);
        Set<String> keys = new HashSet<>();
        Set<String> positions = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : replayed) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            keys.add(key);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("value of " + key);
            assertThat(r.headers().lastHeader(MeshHeaders.VIOLATION_CODE)).isNull();
            positions.add(QuarantineCommand.header(r, MeshHeaders.REPLAYED_FROM));
        }
        assertThat(keys).hasSize(RECORDS).contains("order-0", "order-99999");
        assertThat(positions).hasSize(RECORDS).allMatch(p -> p.startsWith(MeshTopics.QUARANTINE + ":"));

        // When: replayed again
        Run again = ops.run("quarantine", "replay", "--product", product, "--code", "RULE_FAILED");

        // Then
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("Replayed 0 record(s) of " + product, "Skipped 100000 already replayed.");
        List<ConsumerRecord<byte[], byte[]>> after = new ArrayList<>();
        TopicReader.readAll(cluster.clientProperties(), ingress, after::add);
        assertThat(after).hasSize(RECORDS);
    }

    private static ProducerRecord<byte[], byte[]> quarantined(String sourceTopic, String code, int i) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MeshHeaders.VIOLATION_SOURCE_TOPIC, sourceTopic.getBytes(StandardCharsets.UTF_8));
        headers.add(MeshHeaders.VIOLATION_CODE, code.getBytes(StandardCharsets.UTF_8));
        headers.add(MeshHeaders.VIOLATION_TIME, Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
        headers.add(MeshHeaders.VIOLATION_MESSAGE, "rule positive-total failed".getBytes(StandardCharsets.UTF_8));
        String key = "order-" + i;
        return new ProducerRecord<>(MeshTopics.QUARANTINE, null, key.getBytes(StandardCharsets.UTF_8),
                ("value of " + key).getBytes(StandardCharsets.UTF_8), headers);
    }

    private static KafkaProducer<byte[], byte[]> producer(MeshCluster cluster) {
        Properties props = cluster.clientProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
