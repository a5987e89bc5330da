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
    void shouldRefuseARegistryUrlThatIsNotHttpNamingTheSetting() {
        assertThatThrownBy(() -> SharedSettings.registryApiUrl("registry:8080"))
                .hasMessageContaining("registry.url").hasMessageContaining("MESHBONE_REGISTRY_URL")
                .hasMessageContaining("must be an http(s) URL");
    }
}
