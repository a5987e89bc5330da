package dev.meshbone.contract.pii.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SubjectCipherTest {

    private final DataKey key = DataKeys.generate();

    @Test
    void shouldRoundTripAndNameTheKeyInTheToken() {
        // When
        String token = SubjectCipher.encrypt("1984-03-07", key);

        // Then
        assertThat(token).startsWith("enc:v2:" + key.keyId() + ":1:").doesNotContain("1984");
        assertThat(SubjectCipher.isToken(token)).isTrue();
        assertThat(SubjectCipher.keyIdOf(token)).contains(key.keyId());
        assertThat(SubjectCipher.decrypt(token, key)).isEqualTo("1984-03-07");
        assertThat(SubjectCipher.decrypt(SubjectCipher.encrypt("", key), key)).isEmpty();
        assertThat(SubjectCipher.decrypt(SubjectCipher.encrypt("Zoë 😀", key), key)).isEqualTo("Zoë 😀");
    }

    @Test
    void shouldUseAFreshNonceEveryTime() {
        assertThat(SubjectCipher.encrypt("same", key)).isNotEqualTo(SubjectCipher.encrypt("same", key));
    }

    @Test
    void shouldNotDecryptUnderAnotherKey() {
        // Given
        String token = SubjectCipher.encrypt("secret", key);
        DataKey other = DataKeys.generate();
        DataKey sameIdOtherSecret = new DataKey(key.keyId(), 1, other.secret());

        // Then
        assertThatThrownBy(() -> SubjectCipher.decrypt(token, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the token is under key " + key.keyId() + " v1, not " + other.keyId() + " v1");
        assertThatThrownBy(() -> SubjectCipher.decrypt(token, sameIdOtherSecret))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void shouldRefuseATamperedToken() {
        // Given
        String token = SubjectCipher.encrypt("secret", key);
        String prefix = token.substring(0, token.lastIndexOf(':') + 1);
        byte[] sealed = Base64.getDecoder().decode(token.substring(prefix.length()));
        sealed[sealed.length - 20] ^= 1;
        String tampered = prefix + Base64.getEncoder().encodeToString(sealed);
        DataKey version2 = new DataKey(key.keyId(), 2, key.secret());
        String movedToVersion2 = token.replace(":" + key.keyId() + ":1:", ":" + key.keyId() + ":2:");

        // Then
        assertThatThrownBy(() -> SubjectCipher.decrypt(tampered, key)).hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> SubjectCipher.decrypt(movedToVersion2, version2))
                .hasMessageContaining("does not authenticate");
    }

    @Test
    void shouldTellTokensFromOtherStrings() {
        assertThat(SubjectCipher.isToken("1984-03-07")).isFalse();
        assertThat(SubjectCipher.isToken(null)).isFalse();
        assertThat(SubjectCipher.isToken("enc:v1:AAAA")).isFalse();
        assertThat(SubjectCipher.isToken("enc:v2:k:x:AAAA")).isFalse();
        assertThat(SubjectCipher.isToken("enc:v2:k:1:not base64!")).isFalse();
        assertThat(SubjectCipher.isToken("enc:v2::1:AAAA")).isFalse();
        assertThat(SubjectCipher.keyIdOf("hmac:abc")).isEmpty();
        assertThatThrownBy(() -> SubjectCipher.decrypt("enc:v2:" + key.keyId() + ":1:AAAA", key))
                .hasMessage("the token is too short to be AES-GCM");
    }

    @Test
    void shouldGenerateRandomAes256KeysUnderRandomIds() {
        // Given
        DataKey other = DataKeys.generate();

        // Then
        assertThat(key.keyId()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(other.keyId());
        assertThat(key.secret()).hasSize(32).isNotEqualTo(other.secret());
        assertThat(key.version()).isEqualTo(1);
        assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(key.secret()));
        assertThat(new DataKey(key.keyId(), 1, key.secret())).isEqualTo(key);
    }
}
