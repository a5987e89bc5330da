package dev.meshbone.catalog;

import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.schemas.MeshEventSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Settings and helpers for running real projectors against the test kit's broker. */
public final class TestCatalogs {

    private TestCatalogs() {
    }

    /**
     * Settings of one projector instance: topics and application id unique to {@code name} (tests share one
     * broker), HTTP on a free loopback port, state in {@code stateDir}, fast SLO evaluation and commits.
     */
    public static Map<String, String> settings(Map<String, String> kafkaSettings, String name, Path stateDir) {
        Map<String, String> s = new HashMap<>(kafkaSettings);
        s.put("catalog.application.id", name);
        s.put("catalog.state.dir", stateDir.toString());
        s.put("catalog.http.host", "127.0.0.1");
        s.put("catalog.http.port", "0");
        s.put("catalog.topic.products", name + ".products");
        s.put("catalog.topic.violations", name + ".violations");
        s.put("catalog.topic.stats", name + ".stats");
        s.put("catalog.topic.catalog", name + ".catalog");
        s.put("catalog.topic.access", name + ".access");
        s.put("catalog.slo.evaluation.interval.ms", "1000");
        s.put("kafka.commit.interval.ms", "200");
        return s;
    }

    /** The latest entry per product on the catalog topic, read from the beginning (tombstones remove). */
    public static Map<String, CatalogEntry> readCatalogTopic(Properties clientProperties, String topic) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        MeshEventSerde<CatalogEntry> serde = MeshEventSerde.of(CatalogEntry.class);
        Map<String, CatalogEntry> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), serde.decode(r.value()));
                    }
                });
            }
        }
        return latest;
    }

    /** The topics of a settings map. */
    public static CatalogConfig.Topics topics(Map<String, String> settings) {
        return CatalogConfig.from(settings).topics();
    }
}
