package dev.meshbone.governance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.config.MeshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceSettingsDocTest {

    @Test
    void shouldDocumentEverySettingInTheReadmeTable() throws Exception {
        // Given
        String expected = GovernanceSettings.SETTINGS.markdownTable();

        // When
        String documented = MeshSettings.documentedTable(Files.readString(Path.of("README.md"))).orElseThrow();

        // Then
        assertThat(documented).as("README table; regenerate it from GovernanceSettings.SETTINGS.markdownTable():\n"
                + expected).isEqualTo(expected);
    }

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile(@TempDir Path dir) throws Exception {
        // Given
        Path file = dir.resolve("governance.properties");
        Files.writeString(file, "governance.pii.hmac.secret=from-the-file-0123456789\n"
                + "governance.http.port=9001\nkafka.security.protocol=SSL\n");

        // When: the catalog's variables are not governance's business
        GovernanceConfig config = GovernanceConfig.load(file, Map.of("MESHBONE_GOVERNANCE_HTTP_PORT", "9002",
                "MESHBONE_CATALOG_HTTP_PORT", "8090", "MESHBONE_KAFKA_SASL_MECHANISM", "PLAIN"));

        // Then
        assertThat(config.httpPort()).isEqualTo(9002);
        assertThat(new String(config.hmacSecret())).isEqualTo("from-the-file-0123456789");
        assertThat(config.streamsOverrides()).containsEntry("security.protocol", "SSL")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(config.replicationFactor()).isEqualTo((short) -1);
        assertThat(config.quarantineRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(GovernanceConfig.load(file, Map.of("MESHBONE_QUARANTINE_RETENTION_MS", "172800000"))
                .quarantineRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(config.stateDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "meshbone-governance"));
    }

    @Test
    void shouldRefuseUnknownSettingsOfItsOwn(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> GovernanceConfig.load(null, Map.of("MESHBONE_GOVERNANCE_HTTP_PROT", "1")))
                .hasMessageContaining("did you mean MESHBONE_GOVERNANCE_HTTP_PORT ('governance.http.port')?");
        Path file = Files.writeString(dir.resolve("g.properties"), "governance.hold.grace=30s\n");
        assertThatThrownBy(() -> GovernanceConfig.load(file, Map.of()))
                .hasMessageStartingWith("Unknown setting 'governance.hold.grace' (in file); did you mean "
                        + "'governance.hold.grace.ms'?");
    }

    @Test
    void shouldKeepThePreviousKeysForOneRelease() {
        Properties props = new Properties();
        props.setProperty("meshbone.governance.pii.hmac.secret", "0123456789abcdef");
        props.setProperty("meshbone.governance.hold.grace.ms", "5000");
        props.setProperty("meshbone.bootstrap.servers", "old:9092");
        props.setProperty("meshbone.governance.replication.factor", "3");

        GovernanceConfig config = GovernanceConfig.from(props);

        assertThat(config.holdGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.bootstrapServers()).isEqualTo("old:9092");
        assertThat(config.replicationFactor()).isEqualTo((short) 3);
        assertThat(GovernanceConfig.load(null, Map.of("MESHBONE_GOVERNANCE_PII_HMAC_SECRET", "0123456789abcdef",
                "MESHBONE_GOVERNANCE_REPLICATION_FACTOR", "2")).replicationFactor()).isEqualTo((short) 2);
    }

    @Test
    void shouldNameTheSettingThatIsWrong() {
        Properties props = new Properties();
        props.setProperty("governance.pii.hmac.secret", "0123456789abcdef");
        props.setProperty("governance.stream.threads", "many");
        assertThatThrownBy(() -> GovernanceConfig.from(props))
                .hasMessage("Invalid setting governance.stream.threads (MESHBONE_GOVERNANCE_STREAM_THREADS): must be a "
                        + "whole number, was 'many'");

        assertThatThrownBy(() -> GovernanceConfig.from(new Properties()))
                .hasMessageContaining("governance.pii.hmac.secret (MESHBONE_GOVERNANCE_PII_HMAC_SECRET): must be set");

        props.setProperty("governance.stream.threads", "0");
        assertThatThrownBy(() -> GovernanceConfig.from(props))
                .hasMessageStartingWith("Invalid setting governance.stream.threads (MESHBONE_GOVERNANCE_STREAM_THREADS): "
                        + "'0' is invalid");

        props.setProperty("governance.stream.threads", "1");
        props.setProperty("governance.keys.cache.size", "0");
        assertThatThrownBy(() -> GovernanceConfig.from(props))
                .hasMessageStartingWith("Invalid setting governance.keys.cache.size "
                        + "(MESHBONE_GOVERNANCE_KEYS_CACHE_SIZE): '0' is invalid");
    }

    @Test
    void shouldIgnoreTheRemovedStaticEncryptionKeysAndOpenTheKeystoreWithItsPasswordFile(@TempDir Path dir)
            throws Exception {
        // Given
        Path keystore = dir.resolve("keys/mesh-keys.p12");
        Properties props = new Properties();
        props.setProperty("governance.pii.hmac.secret", "0123456789abcdef");
        props.setProperty("governance.pii.encryption.keys", "*=AAAA");
        props.setProperty("governance.keys.keystore", keystore.toString());

        // When
        GovernanceConfig config = GovernanceConfig.from(props);

        // Then: created on first open, with its password file; the same keys when opened again
        assertThat(config.keystore()).contains(keystore);
        byte[] secret = config.openKeystore().orElseThrow().subjectHashSecret();
        assertThat(Files.exists(keystore.resolveSibling("mesh-keys.p12.password"))).isTrue();
        assertThat(config.openKeystore().orElseThrow().subjectHashSecret()).isEqualTo(secret);
        assertThat(config.toString()).doesNotContain(Files.readString(keystore.resolveSibling("mesh-keys.p12.password")));
        props.setProperty("governance.keys.keystore.password", "not-the-password");
        assertThatThrownBy(() -> GovernanceConfig.from(props).openKeystore())
                .hasMessage("Invalid setting governance.keys.keystore (MESHBONE_GOVERNANCE_KEYS_KEYSTORE): cannot open "
                        + "keystore " + keystore + ": wrong password");
        Properties withoutKeystore = new Properties();
        withoutKeystore.setProperty("governance.pii.hmac.secret", "0123456789abcdef");
        assertThat(GovernanceConfig.from(withoutKeystore).openKeystore()).isEmpty();
    }
}
