package dev.meshbone.governance.keys;

import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.DataKeys;
import dev.meshbone.contract.pii.keys.KeyEncryptionKeys;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.contract.pii.keys.SubjectHasher;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.schemas.MeshEventSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * One task's way to a subject's data key: the cache, else the subject's oldest live key in the global store
 * (unwrapped with the KEK), else a new key, which the caller writes to {@code mesh.keys} in the same transaction as
 * the record it protects. A new key is pending until the global store shows it (the stream thread's tasks keep using
 * it meanwhile, rather than creating another); if the transaction aborts, the tasks are re-initialised and
 * {@link #reset()} drops it, so no record is ever written under a key that was not committed. Not thread-safe: one
 * per processor, used on its stream thread.
 */
public final class SubjectKeys {

    private static final MeshEventSerde<SubjectKey> SERDE = MeshEventSerde.of(SubjectKey.class);
    private static final StringSerializer KEYS = new StringSerializer();
    private static final Comparator<SubjectKey> OLDEST = Comparator.comparing(SubjectKey::getCreatedAt)
            .thenComparing(SubjectKey::getKeyId);

    /**
     * A subject's key, and the record to write when it was just created.
     *
     * @param key     the data key to encrypt with
     * @param created {@code <subjectHash>/<keyId>} and its {@code SubjectKey} value, when this record creates it
     */
    public record Resolved(DataKey key, Optional<NewKey> created) {
    }

    /** A key record for {@code mesh.keys}. */
    public record NewKey(String recordKey, byte[] value) {
    }

    private final KeyEncryptionKeys keks;
    private final SubjectHasher hasher;
    private final DataKeyCache cache;
    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final String instanceId;
    private final LongSupplier clock;

    public SubjectKeys(KeyEncryptionKeys keks, DataKeyCache cache, ReadOnlyKeyValueStore<String, byte[]> store,
                       String instanceId, LongSupplier clock) {
        this.keks = keks;
        this.hasher = SubjectHasher.of(keks);
        this.cache = cache;
        this.store = store;
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** The key for this subject's values in the record being processed. */
    public Resolved keyOf(Subject subject) {
        String hash = hasher.hash(subject);
        Optional<DataKeyCache.Entry> cached = cache.get(hash);
        if (cached.isPresent()) {
            if (store.get(cached.get().recordKey()) != null) {
                return new Resolved(cached.get().key(), Optional.empty());
            }
            cache.evict(hash); // erased, and the tombstone's eviction has not run yet (or ran before a restore)
        }
        Map<String, DataKeyCache.Entry> pending = cache.pendingOfThisThread().bySubject;
        DataKeyCache.Entry mine = pending.get(hash);
        if (mine != null) {
            if (store.get(mine.recordKey()) != null) {
                pending.remove(hash);
                cache.put(hash, mine);
                return new Resolved(mine.key(), Optional.empty());
            }
            if (!cache.wasErased(mine.recordKey())) {
                return new Resolved(mine.key(), Optional.empty()); // committed or not, not visible yet
            }
            pending.remove(hash);
        }
        Optional<DataKeyCache.Entry> live = oldestLive(hash);
        if (live.isPresent()) {
            cache.put(hash, live.get());
            return new Resolved(live.get().key(), Optional.empty());
        }
        return create(subject.kind(), hash);
    }

    /**
     * Forgets the stream thread's keys not yet known to be committed: a task of the thread is (re-)initialised or
     * closed, as after an aborted transaction. Clearing too much only costs a spare key.
     */
    public void reset() {
        cache.pendingOfThisThread().clear();
    }

    private Optional<DataKeyCache.Entry> oldestLive(String hash) {
        String oldestKey = null;
        SubjectKey oldest = null;
        try (KeyValueIterator<String, byte[]> keys = store.prefixScan(KeyTopicKey.prefix(hash), KEYS)) {
            while (keys.hasNext()) {
                var kv = keys.next();
                SubjectKey key = SERDE.decode(kv.value);
                if (oldest == null || OLDEST.compare(key, oldest) < 0) {
                    oldest = key;
                    oldestKey = kv.key;
                }
            }
        }
        if (oldest == null) {
            return Optional.empty();
        }
        byte[] secret = keks.unwrap(oldest.getKekId(), bytes(oldest.getWrappedKey()));
        return Optional.of(new DataKeyCache.Entry(oldestKey, new DataKey(oldest.getKeyId(), oldest.getVersion(),
                secret)));
    }

    private Resolved create(String kind, String hash) {
        DataKey key = DataKeys.generate();
        String recordKey = new KeyTopicKey(hash, key.keyId()).toString();
        SubjectKey value = SubjectKey.newBuilder().setKind(kind).setKeyId(key.keyId()).setVersion(key.version())
                .setKekId(keks.currentKekId()).setWrappedKey(ByteBuffer.wrap(keks.wrap(key.secret())))
                .setCreatedAt(Instant.ofEpochMilli(clock.getAsLong())).setCreatedBy(instanceId).build();
        PendingKeys pending = cache.pendingOfThisThread();
        pending.bySubject.put(hash, new DataKeyCache.Entry(recordKey, key));
        cache.keyCreated();
        if (pending.dueForSweep()) {
            sweep(pending);
        }
        return new Resolved(key, Optional.of(new NewKey(recordKey, SERDE.encode(value))));
    }

    /** Pending keys the global store shows now go to the cache; erased ones go. Amortised O(1) per new key. */
    private void sweep(PendingKeys pending) {
        pending.bySubject.entrySet().removeIf(e -> {
            if (store.get(e.getValue().recordKey()) != null) {
                cache.put(e.getKey(), e.getValue());
                return true;
            }
            return cache.wasErased(e.getValue().recordKey());
        });
        pending.swept();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
