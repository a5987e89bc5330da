package dev.meshbone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.config.MeshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps README.md's settings table equal to the settings the code defines. */
class ReadmeTest {

    @Test
    void shouldDocumentEverySetting() throws IOException {
        String expected = EmbeddedSettings.SETTINGS.markdownTable();
        String table = MeshSettings.documentedTable(Files.readString(Path.of("README.md"))).orElseThrow();
        assertThat(table).as("README table; regenerate it from EmbeddedSettings.SETTINGS.markdownTable():\n"
                + expected).isEqualTo(expected);
    }
}
