package dev.meshbone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Records read and written, from client metrics named as Kafka Streams' clients name them. */
class StreamsTrafficTest {

    private static final String CLIENT = "bench-governance-0c5e-StreamThread-1";

    @Test
    void shouldCountTheStreamThreadsConsumersAndEveryProducer() {
        // Given
        Map<MetricName, Metric> metrics = new HashMap<>();
        consumed(metrics, CLIENT + "-consumer", 1_000);
        consumed(metrics, "bench-governance-0c5e-StreamThread-2-consumer", 500);
        consumed(metrics, "bench-governance-0c5e-global-consumer", 7);
        consumed(metrics, CLIENT + "-restore-consumer", 40);
        metrics.put(new MetricName("records-consumed-total", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", CLIENT + "-consumer", "topic", "mesh_ingress_bench_orders")), metric(1_000));
        sent(metrics, CLIENT + "-producer", 1_200);
        sent(metrics, "bench-governance-0c5e-StreamThread-2-producer", 450);

        // When
        StreamsTraffic traffic = StreamsTraffic.of(metrics);

        // Then
        assertThat(traffic).isEqualTo(new StreamsTraffic(1_500, 1_650));
        assertThat(traffic.writtenPerRead()).isEqualTo(1.1);
    }

    private static void consumed(Map<MetricName, Metric> metrics, String client, long count) {
        metrics.put(new MetricName("records-consumed-total", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", client)), metric(count));
    }

    private static void sent(Map<MetricName, Metric> metrics, String client, long count) {
        metrics.put(new MetricName("record-send-total", "producer-metrics", "", Map.of("client-id", client)),
                metric(count));
    }

    private static Metric metric(long count) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return (double) count;
            }
        };
    }
}
