package dev.meshbone.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MeshClustersTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty("testkit.backend");
        System.clearProperty("bootstrap.servers");
        System.clearProperty("registry.url");
        System.clearProperty("meshbone.testkit.backend");
    }

    @Test
    void shouldChooseTheExternalClusterWhenBothAddressesAreGiven() {
        // Given
        System.setProperty("bootstrap.servers", "kafka.example:9092");
        System.setProperty("registry.url", "http://registry.example:8080/apis/registry/v3/");

        // When
        MeshCluster cluster = MeshClusters.start();

        // Then
        assertThat(cluster.backend()).isEqualTo(MeshCluster.Backend.EXTERNAL);
        assertThat(cluster.bootstrapServers()).isEqualTo("kafka.example:9092");
        assertThat(cluster.registryApiUrl()).isEqualTo("http://registry.example:8080/apis/registry/v3");
    }

    @Test
    void shouldHonourAForcedBackend() {
        System.setProperty("testkit.backend", "Embedded");

        assertThat(MeshClusters.chooseBackend()).isEqualTo(MeshCluster.Backend.EMBEDDED);
    }

    @Test
    void shouldKeepThePreviousSystemPropertyForOneRelease() {
        System.setProperty("meshbone.testkit.backend", "docker");

        assertThat(MeshClusters.chooseBackend()).isEqualTo(MeshCluster.Backend.DOCKER);
    }

    @Test
    void shouldRejectAnUnknownBackendByName() {
        System.setProperty("testkit.backend", "kubernetes");

        assertThatThrownBy(MeshClusters::chooseBackend)
                .hasMessageStartingWith("Invalid setting testkit.backend (MESHBONE_TESTKIT_BACKEND): 'kubernetes' is "
                        + "invalid").hasMessageContaining("EMBEDDED").hasMessageContaining("EXTERNAL");
    }

    @Test
    void shouldRefuseAForcedExternalBackendWithoutAddresses() {
        System.setProperty("testkit.backend", "external");

        assertThatThrownBy(MeshClusters::start).hasMessageContaining("MESHBONE_BOOTSTRAP_SERVERS");
    }
}
