package dev.meshbone.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.config.MeshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is exactly the one generated from {@link CatalogSettings#SETTINGS}. */
class ConfigurationReadmeTest {

    @Test
    void shouldDocumentEverySettingWithItsEnvironmentVariableDefaultAndDoc() throws IOException {
        // Given
        String readme = Files.readString(Path.of("README.md"));
        String expected = CatalogSettings.SETTINGS.markdownTable();

        // When
        String documented = MeshSettings.documentedTable(readme).orElseThrow();

        // Then
        assertThat(readme.indexOf("## Configuration")).as("README.md has a '## Configuration' section")
                .isNotNegative().isLessThan(readme.indexOf(MeshSettings.TABLE_START));
        assertThat(documented).as("README table; regenerate it from CatalogSettings.SETTINGS.markdownTable():\n"
                + expected).isEqualTo(expected);
    }
}
