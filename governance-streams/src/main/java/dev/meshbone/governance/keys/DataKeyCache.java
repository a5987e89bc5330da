package dev.meshbone.governance.keys;

import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The unwrapped data keys one governance instance keeps in memory, by subject hash: bounded (least recently used
 * leave first), and evicted as soon as the global store sees a key's tombstone. A cached key is used only while its
 * record is still in the global store ({@link SubjectKeys} checks), so the cache never outlives an erasure. It also
 * remembers the last erased record keys, so a task that created a key moments before it was erased does not keep
 * using it, and holds each stream thread's pending keys ({@link #pendingOfThisThread()}). Counts lookups and created
 * keys for {@code /metrics} and the benchmark. Thread-safe.
 */
public final class DataKeyCache {

    /** How many erased record keys are remembered: far more than can be erased while a new key is pending. */
    private static final int ERASED_MEMORY = 10_000;

    /** A cached key and the record of {@code mesh.keys} that holds it. */
    record Entry(String recordKey, DataKey key) {
    }

    private final Map<String, Entry> bySubject;
    private final Map<String, Boolean> erased = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ERASED_MEMORY;
        }
    };
    private final ThreadLocal<PendingKeys> pending = ThreadLocal.withInitial(PendingKeys::new);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder created = new LongAdder();

    /** A cache of at most {@code capacity} keys. */
    public DataKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the data-key cache needs room for at least one key");
        }
        this.bySubject = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<Entry> get(String subjectHash) {
        Entry entry = bySubject.get(subjectHash);
        (entry == null ? misses : hits).increment();
        return Optional.ofNullable(entry);
    }

    synchronized void put(String subjectHash, Entry entry) {
        bySubject.put(subjectHash, entry);
    }

    synchronized void evict(String subjectHash) {
        bySubject.remove(subjectHash);
    }

    /** A key's tombstone reached the global store: forget the key now. */
    synchronized void erased(String recordKey) {
        erased.put(recordKey, Boolean.TRUE);
        KeyTopicKey.parse(recordKey).ifPresent(k -> {
            Entry entry = bySubject.get(k.subjectHash());
            if (entry != null && entry.recordKey().equals(recordKey)) {
                bySubject.remove(k.subjectHash());
            }
        });
    }

    synchronized boolean wasErased(String recordKey) {
        return erased.containsKey(recordKey);
    }

    /**
     * The keys this stream thread created that the global store does not show yet. Shared by the thread's tasks:
     * exactly_once_v2 puts all of their output in one transaction, so a key one task created commits or aborts with
     * every record another task protected with it, and an abort re-initialises the tasks, which clears them.
     */
    PendingKeys pendingOfThisThread() {
        return pending.get();
    }

    void keyCreated() {
        created.increment();
    }

    /** Keys held now. */
    public synchronized int size() {
        return bySubject.size();
    }

    /** Lookups answered from the cache. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that had to read the global store (or create a key). */
    public long misses() {
        return misses.sum();
    }

    /** Data keys this instance created (one record on {@code mesh.keys} each). */
    public long created() {
        return created.sum();
    }
}
