package dev.meshbone.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a Kafka Streams app read and wrote so far, from its client metrics: records its stream threads' consumers
 * consumed (not the global or restore consumers', which only rebuild state) and records all its producers wrote
 * (every output topic, changelogs included; a batch the producer retried counts once).
 *
 * @param input   records consumed from the input topic
 * @param read    records consumed from every topic, the app's own outputs it reads back included
 * @param writtenByTopic records the producers wrote, by topic
 */
record StreamsTraffic(long input, long read, Map<String, Long> writtenByTopic) {

    StreamsTraffic {
        writtenByTopic = Map.copyOf(writtenByTopic);
    }

    private static final Pattern MAIN_CONSUMER = Pattern.compile(".*-StreamThread-\\d+-consumer");

    static StreamsTraffic of(Map<MetricName, ? extends Metric> metrics, String inputTopic) {
        // Kafka 4 has each per-topic consumer metric twice: tagged with the topic's name and, deprecated, with '_'
        // for '.'; older clients only the latter.
        String legacyTag = inputTopic.replace('.', '_');
        long input = 0;
        long legacyInput = 0;
        long read = 0;
        Map<String, Long> written = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            Map<String, String> tags = name.tags();
            if (name.group().equals("consumer-fetch-manager-metrics") && name.name().equals("records-consumed-total")
                    && MAIN_CONSUMER.matcher(tags.getOrDefault("client-id", "")).matches()) {
                if (!tags.containsKey("topic")) {
                    read += count(e.getValue());
                } else if (tags.get("topic").equals(inputTopic)) {
                    input += count(e.getValue());
                } else if (tags.get("topic").equals(legacyTag)) {
                    legacyInput += count(e.getValue());
                }
            } else if (name.group().equals("producer-topic-metrics") && name.name().equals("record-send-total")) {
                written.merge(tags.get("topic"), count(e.getValue()), Long::sum);
            } else if (name.group().equals("producer-topic-metrics") && name.name().equals("record-retry-total")) {
                // A retried batch is sent, and counted, again.
                written.merge(tags.get("topic"), -count(e.getValue()), Long::sum);
            }
        }
        return new StreamsTraffic(input > 0 ? input : legacyInput, read, written);
    }

    /** Records the producers wrote to every topic. */
    long written() {
        return writtenByTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long count(Metric metric) {
        return ((Number) metric.metricValue()).longValue();
    }

    /** Records written per input record read; pass-through is 1.0. */
    double writtenPerInput() {
        return (double) written() / input;
    }
}
