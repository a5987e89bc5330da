package dev.meshbone.contract.pii.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeystoreTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void shouldCreateTheKeystoreOwnerOnlyAndReopenItWithTheSameKeys() throws Exception {
        // Given
        Path file = dir.resolve("keys/mesh-keys.p12");
        LocalKeystore created = LocalKeystore.openOrCreate(file, PASSWORD);
        DataKey key = DataKeys.generate();
        byte[] wrapped = created.wrap(key.secret());

        // When
        LocalKeystore reopened = LocalKeystore.openOrCreate(file, PASSWORD);

        // Then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(created.currentKekId()).isEqualTo("kek-1");
        assertThat(reopened.currentKekId()).isEqualTo("kek-1");
        assertThat(reopened.unwrap("kek-1", wrapped)).isEqualTo(key.secret());
        assertThat(reopened.subjectHashSecret()).hasSize(32).isEqualTo(created.subjectHashSecret());
        assertThat(wrapped).hasSize(12 + 32 + 16);
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void shouldNotUnwrapWithAnotherKeystoreAnUnknownKekOrAlteredBytes() {
        // Given
        LocalKeystore keystore = LocalKeystore.openOrCreate(dir.resolve("a.p12"), PASSWORD);
        LocalKeystore other = LocalKeystore.openOrCreate(dir.resolve("b.p12"), PASSWORD);
        byte[] wrapped = keystore.wrap(DataKeys.generate().secret());
        byte[] altered = wrapped.clone();
        altered[20] ^= 1;

        // Then
        assertThatThrownBy(() -> other.unwrap("kek-1", wrapped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was not wrapped with kek-1 of keystore");
        assertThatThrownBy(() -> keystore.unwrap("kek-1", altered)).hasMessageContaining("was not wrapped with kek-1");
        assertThatThrownBy(() -> keystore.unwrap("kek-9", wrapped)).hasMessageContaining("has no KEK kek-9 (it has "
                + "kek-1)");
        assertThat(other.subjectHashSecret()).isNotEqualTo(keystore.subjectHashSecret());
    }

    @Test
    void shouldRefuseAWrongPasswordInOneLine() {
        // Given
        Path file = dir.resolve("mesh-keys.p12");
        LocalKeystore.openOrCreate(file, PASSWORD);

        // Then
        assertThatThrownBy(() -> LocalKeystore.openOrCreate(file, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot open keystore " + file + ": wrong password");
    }

    @Test
    void shouldKeepThePasswordInAnOwnerOnlyFileBesideTheKeystore() throws Exception {
        // Given
        Path file = dir.resolve("mesh-keys.p12");

        // When
        LocalKeystore created = LocalKeystore.openOrCreate(file);
        LocalKeystore reopened = LocalKeystore.openOrCreate(file);

        // Then
        Path passwordFile = dir.resolve("mesh-keys.p12.password");
        assertThat(LocalKeystore.passwordFile(file)).isEqualTo(passwordFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(LocalKeystore.readPassword(passwordFile)).hasSizeGreaterThanOrEqualTo(32);
        assertThat(reopened.subjectHashSecret()).isEqualTo(created.subjectHashSecret());
        Files.delete(passwordFile);
        assertThatThrownBy(() -> LocalKeystore.openOrCreate(file)).hasMessage("keystore " + file + " has no password "
                + "file " + passwordFile);
    }

    @Test
    void shouldRefuseAFileThatIsNoKeystore() throws Exception {
        // Given
        Path file = Files.writeString(dir.resolve("not-a-keystore.p12"), "hello");

        // Then
        assertThatThrownBy(() -> LocalKeystore.openOrCreate(file, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot open keystore " + file);
    }
}
