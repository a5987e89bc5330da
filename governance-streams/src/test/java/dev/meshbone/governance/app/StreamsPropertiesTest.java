package dev.meshbone.governance.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.governance.config.GovernanceConfig;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {

    private static Properties settings(String... pairs) {
        Properties props = new Properties();
        props.setProperty("governance.pii.hmac.secret", "0123456789abcdef");
        for (int i = 0; i < pairs.length; i += 2) {
            props.setProperty(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    @Test
    void shouldRunExactlyOnceWithoutTaskIdlingUnlessTheOperatorSetsIt() {
        Properties streams = GovernanceApp.streamsProperties(GovernanceConfig.from(settings()));

        assertThat(streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(streams.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        assertThat(GovernanceApp.streamsProperties(GovernanceConfig.from(settings("kafka.max.task.idle.ms", "250")))
                .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("250");
    }
}
