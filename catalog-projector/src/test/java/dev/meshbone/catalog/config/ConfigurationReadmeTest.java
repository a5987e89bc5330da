package dev.meshbone.catalog.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table says exactly what {@link CatalogSetting} defines. */
class ConfigurationReadmeTest {

    /** {@code | `key` | `ENV` | `default` | doc |}; an empty default is written {@code *(empty)*}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| (`[^`]+`|\\*\\(empty\\)\\*) \\| (.+) \\|$");
    private static final String EMPTY = "*(empty)*";

    @Test
    void shouldDocumentEverySettingWithItsEnvironmentVariableDefaultAndDoc() throws IOException {
        // Given
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        int start = readme.indexOf("## Configuration");

        // When
        List<String> documented = readme.subList(start, readme.size()).stream()
                .map(ROW::matcher).filter(Matcher::matches)
                .map(m -> String.join(" | ", m.group(1), m.group(2),
                        m.group(3).equals(EMPTY) ? "" : m.group(3).substring(1, m.group(3).length() - 1), m.group(4)))
                .toList();

        // Then
        assertThat(start).as("README.md has a '## Configuration' section").isNotNegative();
        assertThat(documented).containsExactlyElementsOf(Arrays.stream(CatalogSetting.values())
                .map(s -> String.join(" | ", s.key(), s.env(), s.defaultValue(), s.doc())).toList());
    }

    /** Prints the table, for pasting into the README after a setting changes. */
    public static void main(String[] args) {
        Arrays.stream(CatalogSetting.values()).forEach(s -> System.out.printf("| `%s` | `%s` | %s | %s |%n",
                s.key(), s.env(), s.defaultValue().isEmpty() ? EMPTY : "`" + s.defaultValue() + "`", s.doc()));
    }
}
