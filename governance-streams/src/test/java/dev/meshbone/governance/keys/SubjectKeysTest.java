package dev.meshbone.governance.keys;

import static dev.meshbone.governance.Fixtures.KEYSTORE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.pii.keys.Subject;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A task's resolver: a key is used only while it is pending in this task or live in the global store. */
class SubjectKeysTest {

    private static final Subject JANE = new Subject("customer", "C-123");

    private final DataKeyCache cache = new DataKeyCache(10);
    private KeyValueStore<String, byte[]> store;
    private SubjectKeys keys;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("keys"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        keys = new SubjectKeys(KEYSTORE, cache, store, "test", () -> 1_000L);
    }

    /** What the global thread does once the record's transaction committed. */
    private void committed(SubjectKeys.NewKey key) {
        store.put(key.recordKey(), key.value());
    }

    @Test
    void shouldKeepUsingAPendingKeyUntilTheStoreShowsItThenCacheIt() {
        // When
        SubjectKeys.Resolved first = keys.keyOf(JANE);
        SubjectKeys.Resolved stillPending = keys.keyOf(JANE);
        committed(first.created().orElseThrow());
        SubjectKeys.Resolved visible = keys.keyOf(JANE);

        // Then
        assertThat(first.created()).isPresent();
        assertThat(stillPending.created()).isEmpty();
        assertThat(stillPending.key()).isEqualTo(first.key());
        assertThat(visible.key()).isEqualTo(first.key());
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.created()).isEqualTo(1);
    }

    @Test
    void shouldNotUseACachedKeyWhoseRecordIsGoneEvenIfNoEvictionRan() {
        // Given: cached, then removed from the store without the updater's eviction (a store restored from the topic)
        SubjectKeys.NewKey created = keys.keyOf(JANE).created().orElseThrow();
        committed(created);
        keys.keyOf(JANE);
        store.delete(created.recordKey());

        // When
        SubjectKeys.Resolved next = keys.keyOf(JANE);

        // Then
        assertThat(next.created()).isPresent();
        assertThat(next.created().get().recordKey()).isNotEqualTo(created.recordKey());
    }

    @Test
    void shouldDropAPendingKeyErasedBeforeTheTaskSawItInTheStore() {
        // Given: committed, read by the global thread and erased, all between two records of the subject
        SubjectKeys.NewKey created = keys.keyOf(JANE).created().orElseThrow();
        committed(created);
        store.delete(created.recordKey());
        cache.erased(created.recordKey());

        // When
        SubjectKeys.Resolved next = keys.keyOf(JANE);

        // Then
        assertThat(next.created()).isPresent();
        assertThat(next.created().get().recordKey()).isNotEqualTo(created.recordKey());
    }

    @Test
    void shouldForgetPendingKeysWhenTheTransactionAborts() {
        // Given
        SubjectKeys.Resolved first = keys.keyOf(JANE);

        // When: the task is re-initialised after an abort; its key record was never written
        keys.reset();
        SubjectKeys.Resolved again = keys.keyOf(JANE);

        // Then
        assertThat(again.created()).isPresent();
        assertThat(again.key().keyId()).isNotEqualTo(first.key().keyId());
    }

    @Test
    void shouldEvictOnlyTheErasedKeyOfASubject() {
        // Given
        SubjectKeys.NewKey created = keys.keyOf(JANE).created().orElseThrow();
        committed(created);
        keys.keyOf(JANE);

        // When
        cache.erased(created.recordKey().replaceAll("/.*", "/another-key"));
        int kept = cache.size();
        cache.erased(created.recordKey());

        // Then
        assertThat(kept).isEqualTo(1);
        assertThat(cache.size()).isZero();
        assertThat(cache.wasErased(created.recordKey())).isTrue();
    }
}
