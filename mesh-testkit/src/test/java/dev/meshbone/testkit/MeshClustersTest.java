package dev.meshbone.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MeshClustersTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty("meshbone.testkit.backend");
        System.clearProperty("meshbone.bootstrap.servers");
        System.clearProperty("meshbone.registry.url");
    }

    @Test
    void shouldChooseTheExternalClusterWhenBothAddressesAreGiven() {
        // Given
        System.setProperty("meshbone.bootstrap.servers", "kafka.example:9092");
        System.setProperty("meshbone.registry.url", "http://registry.example:8080/apis/registry/v3/");

        // When
        MeshCluster cluster = MeshClusters.start();

        // Then
        assertThat(cluster.backend()).isEqualTo(MeshCluster.Backend.EXTERNAL);
        assertThat(cluster.bootstrapServers()).isEqualTo("kafka.example:9092");
        assertThat(cluster.registryApiUrl()).isEqualTo("http://registry.example:8080/apis/registry/v3");
    }

    @Test
    void shouldHonourAForcedBackend() {
        System.setProperty("meshbone.testkit.backend", "Embedded");

        assertThat(MeshClusters.chooseBackend()).isEqualTo(MeshCluster.Backend.EMBEDDED);
    }

    @Test
    void shouldRejectAnUnknownBackendByName() {
        System.setProperty("meshbone.testkit.backend", "kubernetes");

        assertThatThrownBy(MeshClusters::chooseBackend)
                .hasMessageContaining("MESHBONE_TESTKIT_BACKEND must be embedded, docker or external, not 'kubernetes'");
    }

    @Test
    void shouldRefuseAForcedExternalBackendWithoutAddresses() {
        System.setProperty("meshbone.testkit.backend", "external");

        assertThatThrownBy(MeshClusters::start).hasMessageContaining("MESHBONE_BOOTSTRAP_SERVERS");
    }
}
