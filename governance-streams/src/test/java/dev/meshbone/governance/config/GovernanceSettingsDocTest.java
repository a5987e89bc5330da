package dev.meshbone.governance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GovernanceSettingsDocTest {

    static String row(Setting s) {
        String def = s.defaultValue() == null ? "(none)"
                : "`" + s.defaultValue().replace(System.getProperty("java.io.tmpdir"), "<java.io.tmpdir>") + "`";
        return "| `" + s.key() + "` | `" + s.environmentVariable() + "` | " + def + " | " + s.doc() + " |";
    }

    @Test
    void shouldDocumentEverySettingInTheReadmeTable() throws Exception {
        // Given
        List<String> readme = Files.readAllLines(Path.of("README.md"));

        // When
        List<String> rows = readme.stream().filter(l -> l.startsWith("| `meshbone.")).toList();

        // Then
        assertThat(rows).containsExactlyElementsOf(GovernanceSettings.ALL.stream().map(GovernanceSettingsDocTest::row)
                .toList());
    }

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("governance.properties");
        Files.writeString(file, "meshbone.governance.pii.hmac.secret=from-the-file-0123456789\n"
                + "meshbone.governance.http.port=9001\nkafka.security.protocol=SSL\n");

        // When
        GovernanceConfig config = GovernanceConfig.load(file, Map.of("MESHBONE_GOVERNANCE_HTTP_PORT", "9002"));

        // Then
        assertThat(config.httpPort()).isEqualTo(9002);
        assertThat(new String(config.hmacSecret())).isEqualTo("from-the-file-0123456789");
        assertThat(config.streamsOverrides()).containsEntry("security.protocol", "SSL");
    }

    @Test
    void shouldNameTheSettingThatIsWrong() {
        Properties props = new Properties();
        props.setProperty("meshbone.governance.pii.hmac.secret", "0123456789abcdef");
        props.setProperty("meshbone.governance.stream.threads", "many");
        assertThatThrownBy(() -> GovernanceConfig.from(props))
                .hasMessage("meshbone.governance.stream.threads (MESHBONE_GOVERNANCE_STREAM_THREADS) must be a whole "
                        + "number, got 'many'");

        assertThatThrownBy(() -> GovernanceConfig.from(new Properties()))
                .hasMessageContaining("meshbone.governance.pii.hmac.secret (MESHBONE_GOVERNANCE_PII_HMAC_SECRET) must be set");

        props.setProperty("meshbone.governance.stream.threads", "1");
        props.setProperty("meshbone.governance.pii.encryption.keys", "sales.orders=AAAA");
        assertThatThrownBy(() -> GovernanceConfig.from(props))
                .hasMessageContaining("key for sales.orders must be 16, 24 or 32 bytes, got 3");
    }
}
