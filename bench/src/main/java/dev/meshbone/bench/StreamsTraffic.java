package dev.meshbone.bench;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a Kafka Streams app read and wrote so far, from its client metrics: records its stream threads' consumers
 * consumed (not the global or restore consumers', which only rebuild state) and records all its producers sent
 * (every output topic, changelogs included).
 *
 * @param read    records consumed by the main consumers
 * @param written records sent by the producers
 */
record StreamsTraffic(long read, long written) {

    private static final Pattern MAIN_CONSUMER = Pattern.compile(".*-StreamThread-\\d+-consumer");

    static StreamsTraffic of(Map<MetricName, ? extends Metric> metrics) {
        long read = 0;
        long written = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            String client = name.tags().getOrDefault("client-id", "");
            // Client-level totals only: the same metric also exists per topic (an extra "topic" tag).
            boolean clientLevel = name.tags().size() == 1;
            if (clientLevel && name.group().equals("consumer-fetch-manager-metrics")
                    && name.name().equals("records-consumed-total") && MAIN_CONSUMER.matcher(client).matches()) {
                read += count(e.getValue());
            } else if (clientLevel && name.group().equals("producer-metrics")
                    && name.name().equals("record-send-total")) {
                written += count(e.getValue());
            }
        }
        return new StreamsTraffic(read, written);
    }

    /** Records written per record read; pass-through is 1.0. */
    double writtenPerRead() {
        return (double) written / read;
    }

    private static long count(Metric metric) {
        return ((Number) metric.metricValue()).longValue();
    }
}
