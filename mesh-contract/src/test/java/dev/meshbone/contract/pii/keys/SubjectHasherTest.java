package dev.meshbone.contract.pii.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubjectHasherTest {

    private static final byte[] SECRET = "a subject-hash secret of 32 byte".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldBeStableAndKeyedAndNeverShowTheId() {
        // Given
        SubjectHasher hasher = new SubjectHasher(SECRET);
        Subject subject = new Subject("customer", "C-123");

        // When
        String hash = hasher.hash(subject);

        // Then
        assertThat(hash).isEqualTo(new SubjectHasher(SECRET.clone()).hash(new Subject("customer", "C-123")))
                .matches("customer\\.[A-Za-z0-9_-]{43}").doesNotContain("C-123").doesNotContain("/");
        // HMAC-SHA-256("customer:C-123") under SECRET, computed independently (Python hmac): the format must not drift, since
        // governance, consumers and mesh forget must agree on it.
        assertThat(hash).isEqualTo("customer.WH4BWPiN-cvkiACVvbSACP9qfXMTxO4MBDypvSf0964");
        assertThat(new SubjectHasher("another subject-hash secret, 32b".getBytes(StandardCharsets.UTF_8))
                .hash(subject)).isNotEqualTo(hash);
        assertThat(hasher.hash(new Subject("employee", "C-123"))).startsWith("employee.")
                .doesNotEndWith(hash.substring("customer.".length()));
        assertThat(hasher.hash(new Subject("customer", "C-124"))).isNotEqualTo(hash);
    }

    @Test
    void shouldRefuseAShortSecret() {
        assertThatThrownBy(() -> new SubjectHasher(new byte[8])).hasMessage("the subject-hash secret needs at least "
                + "16 bytes");
    }

    @Test
    void shouldKeyOneRecordPerDataKeyUnderTheSubjectsPrefix() {
        // Given
        KeyTopicKey key = new KeyTopicKey("customer.abc", "k1");

        // Then
        assertThat(key).hasToString("customer.abc/k1");
        assertThat(key.toString()).startsWith(KeyTopicKey.prefix("customer.abc"));
        assertThat(KeyTopicKey.parse("customer.abc/k1")).contains(key);
        assertThat(KeyTopicKey.parse("customer.abc")).isEmpty();
        assertThat(KeyTopicKey.parse("/k1")).isEmpty();
        assertThat(KeyTopicKey.parse("customer.abc/")).isEmpty();
        assertThat(KeyTopicKey.parse("a/b/c")).isEmpty();
    }
}
