package dev.meshbone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SharedSettingsTest {

    @Test
    void shouldTakeTheRegistryBaseUrlOrItsApiUrl() {
        assertThat(SharedSettings.registryApiUrl("http://registry:8080"))
                .isEqualTo("http://registry:8080/apis/registry/v3");
        assertThat(SharedSettings.registryApiUrl(" https://registry/apis/registry/v3/ "))
                .isEqualTo("https://registry/apis/registry/v3");
    }

    @Test
    void shouldBoundTheQuarantineRetentionAWeekByDefault() {
        // Given
        MeshSettings settings = MeshSettings.of("governance",
                SharedSettings.quarantineRetention(new org.apache.kafka.common.config.ConfigDef()));

        // When / Then
        assertThat(settings.load(java.util.Map.of(), java.util.Map.of(), java.util.Map.of())
                .duration(SharedSettings.QUARANTINE_RETENTION_MS)).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(settings.load(java.util.Map.of(), java.util.Map.of("MESHBONE_QUARANTINE_RETENTION_MS", "86400000"),
                java.util.Map.of()).duration(SharedSettings.QUARANTINE_RETENTION_MS))
                .isEqualTo(java.time.Duration.ofDays(1));
        assertThatThrownBy(() -> settings.load(java.util.Map.of(SharedSettings.QUARANTINE_RETENTION_MS, "-1"),
                java.util.Map.of(), java.util.Map.of()))
                .hasMessageStartingWith("Invalid setting quarantine.retention.ms (MESHBONE_QUARANTINE_RETENTION_MS): "
                        + "'-1' is invalid");
        assertThatThrownBy(() -> settings.load(java.util.Map.of(SharedSettings.QUARANTINE_RETENTION_MS, "60000"),
                java.util.Map.of(), java.util.Map.of())).hasMessageContaining("quarantine.retention.ms");
    }

    @Test
    void shouldRefuseARegistryUrlThatIsNotHttpNamingTheSetting() {
        assertThatThrownBy(() -> SharedSettings.registryApiUrl("registry:8080"))
                .hasMessageContaining("registry.url").hasMessageContaining("MESHBONE_REGISTRY_URL")
                .hasMessageContaining("must be an http(s) URL");
    }
}
