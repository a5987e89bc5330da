package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.config.MeshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps README.md honest: its example is the compiled one, its settings table is {@link MeshSetting}. */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path EXAMPLE = Path.of("src/test/java/dev/meshbone/sdk/ReadmeExample.java");

    @Test
    void shouldShowTheExampleThatCompilesAndRuns() throws IOException {
        // Given
        String example = between(Files.readString(EXAMPLE), "// tag::example[]\n", "    // end::example[]");
        String readmeBlock = between(Files.readString(README), "<!-- example:start", "<!-- example:end -->");

        // When
        String code = between(readmeBlock, "```java\n", "```");
        String compiled = example.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
                .collect(Collectors.joining("\n", "", "\n"));

        // Then
        assertThat(code).isEqualTo(compiled);
        assertThat(code.lines().count()).as("lines of the example").isLessThanOrEqualTo(12);
    }

    @Test
    void shouldListEverySettingInTheReadmeTable() throws IOException {
        // Given
        String expected = MeshSetting.SETTINGS.markdownTable();

        // When
        String table = MeshSettings.documentedTable(Files.readString(README)).orElseThrow();

        // Then
        assertThat(table).as("README table; regenerate it from MeshSetting.SETTINGS.markdownTable():\n" + expected)
                .isEqualTo(expected);
        assertThat(Arrays.stream(MeshSetting.values()).map(MeshSetting::key))
                .containsExactlyElementsOf(MeshSetting.SETTINGS.definition().configKeys().keySet());
    }

    @Test
    void shouldDocumentEveryPublicType() throws IOException {
        // Given
        String readme = Files.readString(README);
        List<String> types;
        try (var files = Files.list(Path.of("src/main/java/dev/meshbone/sdk"))) {
            types = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .filter(n -> !n.equals("package-info.java")).map(n -> n.substring(0, n.length() - 5)).toList();
        }

        // Then
        assertThat(types).isNotEmpty().allSatisfy(t -> assertThat(readme).contains("`" + t));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("marker " + start).isNotNegative();
        from += start.length();
        int to = text.indexOf(end, from);
        assertThat(to).as("marker " + end).isNotNegative();
        return text.substring(from, to);
    }
}
