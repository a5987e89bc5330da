package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForgetCommandTest {

    @Test
    void shouldSayDurationsOfTopicConfigsAsPeopleDo() {
        assertThat(ForgetCommand.human(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(ForgetCommand.human(Duration.ofMinutes(70))).isEqualTo("1 h 10 min");
        assertThat(ForgetCommand.human(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(ForgetCommand.human(Duration.ofDays(30))).isEqualTo("30 d");
        assertThat(ForgetCommand.human(Duration.ofDays(5 * 365))).isEqualTo("1825 d");
        assertThat(ForgetCommand.human(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(ForgetCommand.human(Duration.ofMillis(500))).isEqualTo("500 ms");
    }
}
