package dev.meshbone.sdk.internal.keys;

import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.KeyEncryptionKeys;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.sdk.MeshException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data keys of {@code mesh.keys}, for one consumer: the wrapped keys of the topic in memory (read committed, by
 * assignment, no group; nothing on disk), a bounded LRU cache of unwrapped ones, and the key ids known to be gone. A
 * tombstone drops a key from all of them at once. {@link #refresh()} reads the topic to its end, so a key tombstoned
 * before it opens nothing after it. Governance commits a key in the transaction of the first record it protects, so
 * a record a read-committed consumer sees has its key on the topic: a key id the ring does not know after reading to
 * the end (and looking once more, for a commit marker still on its way) is gone. Never blocks longer than its
 * catch-up timeout; one thread.
 */
public final class KeyRing implements RecordDecryptor.Tokens, AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(KeyRing.class);
    private static final MeshEventSerde<SubjectKey> KEYS = MeshEventSerde.of(SubjectKey.class);
    /** A commit marker still on its way to the key topic's partition is a matter of milliseconds. */
    private static final Duration SECOND_LOOK = Duration.ofMillis(200);
    /** Bound of the ids remembered as gone (each is a few dozen bytes). */
    private static final int GONE_REMEMBERED = 100_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final KeyEncryptionKeys keks;
    private final Duration catchUpTimeout;
    private final Map<String, SubjectKey> wrapped = new HashMap<>();
    private final Map<String, DataKey> unwrapped;
    private final Map<String, Boolean> gone = lru(GONE_REMEMBERED);
    private boolean lookedAgainThisRound;
    private long unwraps;

    private KeyRing(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, KeyEncryptionKeys keks,
                    int cacheSize, Duration catchUpTimeout) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.keks = keks;
        this.catchUpTimeout = catchUpTimeout;
        this.unwrapped = lru(cacheSize);
    }

    /**
     * Assigns every partition of {@code mesh.keys} and reads it to its end.
     *
     * @param client Kafka consumer properties (bootstrap, security, client id)
     * @throws MeshException when the topic is missing or the principal may not read it
     */
    public static KeyRing open(Properties client, KeyEncryptionKeys keks, int cacheSize, Duration catchUpTimeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(MeshTopics.KEYS, catchUpTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new MeshException("keys.keystore is set, but topic " + MeshTopics.KEYS + " does not "
                        + "exist: is governance running with per-subject keys?");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(MeshTopics.KEYS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            KeyRing ring = new KeyRing(consumer, partitions, keks, cacheSize, catchUpTimeout);
            ring.catchUp();
            return ring;
        } catch (AuthorizationException e) {
            consumer.close();
            throw new MeshException("keys.keystore is set, but this principal may not read " + MeshTopics.KEYS
                    + ": a team needs key access (mesh access grant <product> --to <team> --with-keys)", e);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Reads the key topic to its end (one offsets request when nothing is new); starts a new round. */
    public void refresh() {
        catchUp();
        lookedAgainThisRound = false;
    }

    @Override
    public boolean isToken(String text) {
        return SubjectCipher.isToken(text);
    }

    /**
     * The clear value of a token; empty when its key is gone (tombstoned, or absent after reading the topic to its
     * end) or the token does not authenticate under it.
     *
     * @throws MeshException when the key is there but this keystore cannot unwrap it (another mesh's keystore, or a
     *                       KEK it lacks): a configuration error, not an erasure
     */
    @Override
    public Optional<String> open(String token) {
        Optional<DataKey> key = SubjectCipher.keyIdOf(token).flatMap(this::key);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubjectCipher.decrypt(token, key.get()));
        } catch (IllegalArgumentException e) {
            LOGGER.debug("A token under key {} does not decrypt: {}", key.get().keyId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** How many data keys were unwrapped so far (cache misses). */
    public long unwraps() {
        return unwraps;
    }

    /** How many live data keys the ring holds, wrapped. */
    public int size() {
        return wrapped.size();
    }

    private Optional<DataKey> key(String keyId) {
        DataKey cached = unwrapped.get(keyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (gone.containsKey(keyId)) {
            return Optional.empty();
        }
        SubjectKey record = wrapped.get(keyId);
        if (record == null && !lookedAgainThisRound) {
            lookedAgainThisRound = true;
            consumer.poll(SECOND_LOOK).forEach(this::apply);
            catchUp();
            record = wrapped.get(keyId);
        }
        if (record == null) {
            gone.put(keyId, true);
            return Optional.empty();
        }
        byte[] secret;
        try {
            secret = keks.unwrap(record.getKekId(), bytes(record.getWrappedKey()));
        } catch (IllegalArgumentException e) {
            throw new MeshException("Cannot unwrap data key " + keyId + " of " + MeshTopics.KEYS + ": "
                    + e.getMessage() + ". Is keys.keystore this mesh's keystore?", e);
        }
        DataKey key = new DataKey(keyId, record.getVersion(), secret);
        unwraps++;
        unwrapped.put(keyId, key);
        return Optional.of(key);
    }

    /** Reads every partition up to the end offsets of now, within the catch-up timeout. */
    private void catchUp() {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, catchUpTimeout);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, catchUpTimeout) < end.get(tp))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOGGER.warn("Reading {} to its end took more than {} ms; keys it has not reached count as gone "
                        + "for now", MeshTopics.KEYS, catchUpTimeout.toMillis());
                return;
            }
            consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos()))).forEach(this::apply);
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        Optional<KeyTopicKey> key = r.key() == null ? Optional.empty()
                : KeyTopicKey.parse(new String(r.key(), StandardCharsets.UTF_8));
        if (key.isEmpty()) {
            return;
        }
        String keyId = key.get().keyId();
        if (r.value() == null) {
            wrapped.remove(keyId);
            unwrapped.remove(keyId);
            gone.put(keyId, true);
        } else {
            try {
                wrapped.put(keyId, KEYS.decode(r.value()));
                gone.remove(keyId);
            } catch (RuntimeException e) {
                LOGGER.warn("Skipping the unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public void close() {
        consumer.close();
        wrapped.clear();
        unwrapped.clear();
    }
}
