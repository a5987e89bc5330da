package dev.meshbone.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearSetting() {
        System.clearProperty("embedded.registry.java");
    }

    private Path fakeJdk(String name, String version) throws Exception {
        Path home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.createFile(home.resolve("bin/java"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return java;
    }

    @Test
    void shouldReadTheFeatureVersionFromTheReleaseFile() throws Exception {
        // Given
        fakeJdk("jdk-21", "21.0.4");
        fakeJdk("jdk-8", "1.8.0_402");

        // When / Then
        assertThat(JavaRuntimes.inspect(dir.resolve("jdk-21"))).map(JavaRuntimes.Runtime::feature).contains(21);
        assertThat(JavaRuntimes.inspect(dir.resolve("jdk-8"))).map(JavaRuntimes.Runtime::feature).contains(8);
        assertThat(JavaRuntimes.inspect(dir.resolve("nothing-here"))).isEmpty();
    }

    @Test
    void shouldUseTheConfiguredRuntimeWhenNewEnough() throws Exception {
        // Given
        Path java = fakeJdk("jdk-25", "25");
        System.setProperty("embedded.registry.java", java.toString());

        // When
        JavaRuntimes.Runtime runtime = JavaRuntimes.require(21, "the registry");

        // Then
        assertThat(runtime.home()).isEqualTo(dir.resolve("jdk-25"));
        assertThat(runtime.feature()).isEqualTo(25);
    }

    @Test
    void shouldSayWhichVersionIsNeededWhenTheConfiguredRuntimeIsTooOld() throws Exception {
        // Given
        System.setProperty("embedded.registry.java", fakeJdk("jdk-17", "17.0.15").toString());

        // When / Then
        assertThatThrownBy(() -> JavaRuntimes.require(21, "Apicurio Registry 3.3.3"))
                .hasMessageContaining("Apicurio Registry 3.3.3 needs Java 21 or newer")
                .hasMessageContaining("is Java 17");
    }

    @Test
    void shouldSayWhatToInstallWhenNothingIsNewEnough() {
        assertThatThrownBy(() -> JavaRuntimes.require(999, "Apicurio Registry"))
                .hasMessageContaining("needs Java 999 or newer and none was found")
                .hasMessageContaining("MESHBONE_EMBEDDED_REGISTRY_JAVA");
    }
}
