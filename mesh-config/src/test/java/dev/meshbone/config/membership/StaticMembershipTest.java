package dev.meshbone.config.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticMembershipTest {

    private static final String MAIN_CONSUMER_ID = "main.consumer.group.instance.id";

    @TempDir
    Path stateDir;

    @Test
    void shouldKeepOneIdPerStateDirectoryAcrossRestarts() {
        // Given
        Properties first = streams(stateDir, "meshbone-governance");

        // When
        String id = StaticMembership.configure(first).orElseThrow();
        Properties restarted = streams(stateDir, "meshbone-governance");
        StaticMembership.configure(restarted);

        // Then
        assertThat(first.getProperty(MAIN_CONSUMER_ID)).isEqualTo(id).matches("[a-z0-9.-]+-[0-9a-f]{8}");
        assertThat(restarted.getProperty(MAIN_CONSUMER_ID)).isEqualTo(id);
        assertThat(stateDir.resolve("meshbone-governance").resolve(StaticMembership.FILE)).hasContent(id);
    }

    @Test
    void shouldGiveAnotherStateDirectoryOrAppAnotherId(@TempDir Path other) {
        String id = StaticMembership.configure(streams(stateDir, "meshbone-governance")).orElseThrow();

        assertThat(StaticMembership.configure(streams(other, "meshbone-governance"))).isPresent().get()
                .isNotEqualTo(id);
        assertThat(StaticMembership.configure(streams(stateDir, "meshbone-catalog"))).isPresent().get()
                .isNotEqualTo(id);
    }

    @Test
    void shouldLeaveAnIdTheSettingsGive() {
        // Given
        Properties props = streams(stateDir, "app");
        props.put("consumer.group.instance.id", "pod-3");

        // When / Then
        assertThat(StaticMembership.configure(props)).contains("pod-3");
        assertThat(props).doesNotContainKey(MAIN_CONSUMER_ID).containsEntry("consumer.group.instance.id", "pod-3");
        assertThat(stateDir.resolve("app")).doesNotExist();
    }

    @Test
    void shouldTurnStaticMembershipOffForAnEmptyId() {
        // Given
        Properties props = streams(stateDir, "app");
        props.put("group.instance.id", " ");

        // When / Then
        assertThat(StaticMembership.configure(props)).isEmpty();
        assertThat(props).doesNotContainKeys("group.instance.id", MAIN_CONSUMER_ID);
    }

    @Test
    void shouldSayWhichFileItCannotRead() throws Exception {
        Files.createDirectories(stateDir.resolve("app"));
        Files.writeString(stateDir.resolve("app").resolve(StaticMembership.FILE), "\n");

        assertThatThrownBy(() -> StaticMembership.configure(streams(stateDir, "app")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(StaticMembership.FILE).hasMessageContaining("kafka.group.instance.id")
                .cause().hasMessageContaining("delete it");
    }

    private static Properties streams(Path stateDir, String applicationId) {
        Properties props = new Properties();
        props.put("state.dir", stateDir.toString());
        props.put("application.id", applicationId);
        return props;
    }
}
