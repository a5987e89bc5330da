package dev.meshbone.config.access;

import dev.meshbone.events.AccessGrant;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The consumer teams' grants as {@code mesh.access} holds them: compacted, keyed by {@code <product>|<team>}, a
 * tombstone revokes. A grant with an {@code expiresAt} in the past is expired: it stays on the topic (so a refused
 * reader can be told why) until it is revoked or renewed, and its ACLs are deleted by {@code mesh access expire}.
 *
 * @param byKey the live records, by key (so by product, then team)
 */
public record Grants(SortedMap<String, AccessGrant> byKey) {

    private static final MeshEventSerde<AccessGrant> SERDE = MeshEventSerde.of(AccessGrant.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    public Grants {
        byKey = Collections.unmodifiableSortedMap(new TreeMap<>(byKey));
    }

    /** The key of a grant on {@code mesh.access}. */
    public static String key(String productId, String team) {
        return productId + MeshTopics.ACCESS_KEY_SEPARATOR + team;
    }

    /** The value of a grant on {@code mesh.access}. */
    public static byte[] encode(AccessGrant grant) {
        return SERDE.encode(grant);
    }

    /** The grants of records read from {@code mesh.access}, in offset order. */
    public static Grants of(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        SortedMap<String, AccessGrant> grants = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                grants.remove(key);
            } else {
                grants.put(key, SERDE.decode(r.value()));
            }
        }
        return new Grants(grants);
    }

    /**
     * Every committed grant now on {@code mesh.access} (read without a consumer group); none when the topic does not
     * exist yet (nothing was ever granted).
     *
     * @param client the settings of a Kafka client allowed to read {@code mesh.access}
     */
    public static Grants read(Map<String, Object> client) {
        Map<String, Object> props = new java.util.HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(MeshTopics.ACCESS, READ_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                return new Grants(new TreeMap<>());
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(MeshTopics.ACCESS, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + MeshTopics.ACCESS + " to its end in "
                            + READ_TIMEOUT.toSeconds() + " s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return of(records);
    }

    /** True when the grant has an end and it has passed. */
    public static boolean isExpired(AccessGrant grant, Instant now) {
        return grant.getExpiresAt() != null && !grant.getExpiresAt().isAfter(now);
    }

    /** A team's grant of a product, live or expired. */
    public Optional<AccessGrant> get(String productId, String team) {
        return Optional.ofNullable(byKey.get(key(productId, team)));
    }

    /** The products a team may read now (its grants that have not expired). */
    public SortedSet<String> live(String team, Instant now) {
        SortedSet<String> products = new TreeSet<>();
        byKey.values().stream().filter(g -> g.getTeam().equals(team) && !isExpired(g, now))
                .forEach(g -> products.add(g.getProductId()));
        return products;
    }

    /** Per team, the products it may read now. */
    public SortedMap<String, SortedSet<String>> live(Instant now) {
        SortedMap<String, SortedSet<String>> teams = new TreeMap<>();
        byKey.values().stream().filter(g -> !isExpired(g, now))
                .forEach(g -> teams.computeIfAbsent(g.getTeam(), t -> new TreeSet<>()).add(g.getProductId()));
        return teams;
    }

    /** Per team, the products whose grant has expired, with when. */
    public SortedMap<String, SortedMap<String, Instant>> expired(Instant now) {
        SortedMap<String, SortedMap<String, Instant>> teams = new TreeMap<>();
        byKey.values().stream().filter(g -> isExpired(g, now))
                .forEach(g -> teams.computeIfAbsent(g.getTeam(), t -> new TreeMap<>())
                        .put(g.getProductId(), g.getExpiresAt()));
        return teams;
    }
}
