package dev.meshbone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** The embedded backend on its own: it starts real servers and leaves nothing behind when closed. */
class EmbeddedClusterIT {

    @Test
    void shouldLeaveNoProcessPortOrDirectoryBehind() throws Exception {
        // Given
        EmbeddedCluster cluster = EmbeddedCluster.start();
        int kafkaPort = cluster.kafka().port();
        int registryPort = cluster.registry().port();
        long registryPid = cluster.registry().pid();
        Path kafkaDir = cluster.kafka().directory();
        Path registryDir = cluster.registry().directory();
        Path secretsDir = cluster.secretsDirectory();
        try (Admin admin = cluster.createAdmin()) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic("teardown-check", 1,
                    (short) 1))).all().get(10, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("teardown-check");
        }
        assertThat(ProcessHandle.of(registryPid)).map(ProcessHandle::isAlive).contains(true);

        // When
        cluster.close();

        // Then
        assertThat(ProcessHandle.of(registryPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Set.of(kafkaPort, registryPort)).allSatisfy(port -> assertThat(FreePorts.isFree(port))
                .as("port %d is free", port).isTrue());
        assertThat(Files.exists(kafkaDir)).isFalse();
        assertThat(Files.exists(registryDir)).isFalse();
        assertThat(Files.exists(secretsDir)).isFalse();
    }

    @Test
    void shouldKeepDataInADataDirectoryAcrossRestarts(@org.junit.jupiter.api.io.TempDir Path dataDir) throws Exception {
        // Given
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir)) {
            try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic("kept", 1, (short) 1)))
                        .all().get(10, TimeUnit.SECONDS);
            }
        }

        // When
        try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dataDir);
             Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {

            // Then
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains("kept");
        }
        assertThat(Files.exists(dataDir.resolve("meta.properties"))).isTrue();
    }
}
