package dev.meshbone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Records read and written, from client metrics named as Kafka Streams' clients (Kafka 4.4) name them. */
class StreamsTrafficTest {

    private static final String CLIENT = "bench-governance-0c5e-StreamThread-1";

    @Test
    void shouldCountTheStreamThreadsConsumersAndEveryProducersRecordsOnce() {
        // Given
        Map<MetricName, Metric> metrics = new HashMap<>();
        consumed(metrics, CLIENT + "-consumer", null, 1_100);
        consumed(metrics, CLIENT + "-consumer", "mesh.ingress.bench.orders", 1_000);
        consumed(metrics, CLIENT + "-consumer", "mesh_ingress_bench_orders", 1_000);
        consumed(metrics, CLIENT + "-consumer", "mesh.governance.violations", 100);
        consumed(metrics, "bench-governance-0c5e-StreamThread-2-consumer", null, 500);
        consumed(metrics, "bench-governance-0c5e-StreamThread-2-consumer", "mesh.ingress.bench.orders", 500);
        consumed(metrics, "bench-governance-0c5e-StreamThread-2-consumer", "mesh_ingress_bench_orders", 500);
        consumed(metrics, "bench-governance-0c5e-global-consumer", null, 7);
        consumed(metrics, "bench-governance-0c5e-global-consumer", "mesh_ingress_bench_orders", 7);
        consumed(metrics, CLIENT + "-restore-consumer", null, 40);
        producer(metrics, CLIENT + "-producer", "bench.orders.v1", "record-send-total", 1_300);
        producer(metrics, CLIENT + "-producer", "bench.orders.v1", "record-retry-total", 100);
        producer(metrics, CLIENT + "-producer", "mesh.governance.violations", "record-send-total", 50);
        producer(metrics, "bench-governance-0c5e-StreamThread-2-producer", "bench.orders.v1", "record-send-total",
                400);
        metrics.put(new MetricName("version", "app-info", "", Map.of("client-id", CLIENT + "-producer")),
                metric("4.4.0"));

        // When
        StreamsTraffic traffic = StreamsTraffic.of(metrics, "mesh.ingress.bench.orders");

        // Then
        assertThat(traffic).isEqualTo(new StreamsTraffic(1_500, 1_600,
                Map.of("bench.orders.v1", 1_600L, "mesh.governance.violations", 50L)));
        assertThat(traffic.written()).isEqualTo(1_650);
        assertThat(traffic.writtenPerInput()).isEqualTo(1.1);
    }

    @Test
    void shouldReadTheInputFromTheLegacyTopicTagWhenItIsTheOnlyOne() {
        // Given
        Map<MetricName, Metric> metrics = new HashMap<>();
        consumed(metrics, CLIENT + "-consumer", null, 1_000);
        consumed(metrics, CLIENT + "-consumer", "mesh_ingress_bench_orders", 1_000);

        // When
        StreamsTraffic traffic = StreamsTraffic.of(metrics, "mesh.ingress.bench.orders");

        // Then
        assertThat(traffic.input()).isEqualTo(1_000);
    }

    private static void consumed(Map<MetricName, Metric> metrics, String client, String topic, long count) {
        metrics.put(new MetricName("records-consumed-total", "consumer-fetch-manager-metrics", "",
                topic == null ? Map.of("client-id", client) : Map.of("client-id", client, "topic", topic)),
                metric(count));
    }

    private static void producer(Map<MetricName, Metric> metrics, String client, String topic, String name,
                                 long count) {
        metrics.put(new MetricName(name, "producer-topic-metrics", "", Map.of("client-id", client, "topic", topic)),
                metric(count));
        // The client-level total of the same name must not count twice.
        metrics.merge(new MetricName(name, "producer-metrics", "", Map.of("client-id", client)), metric(count),
                (a, b) -> metric(((Number) a.metricValue()).longValue() + ((Number) b.metricValue()).longValue()));
    }

    private static Metric metric(Object value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return value instanceof Long count ? (Object) count.doubleValue() : value;
            }
        };
    }
}
