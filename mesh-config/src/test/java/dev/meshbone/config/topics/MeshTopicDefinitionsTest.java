package dev.meshbone.config.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class MeshTopicDefinitionsTest {

    @Test
    void shouldDefineEveryMeshTopicOnce() {
        assertThat(MeshTopicDefinitions.ALL).extracting(TopicDefinition::name).containsExactly(MeshTopics.PRODUCTS,
                MeshTopics.VIOLATIONS, MeshTopics.QUARANTINE, MeshTopics.REPLAYS, MeshTopics.STATS, MeshTopics.CATALOG,
                MeshTopics.ACCESS, MeshTopics.KEYS, MeshTopics.ERASURES);
    }

    @Test
    void shouldCompactTheTopicsKeyedByIdentityAndRetainTheEventTopics() {
        assertThat(MeshTopicDefinitions.ALL).filteredOn(t -> t.cleanupPolicy().equals("compact"))
                .extracting(TopicDefinition::name)
                .containsExactly(MeshTopics.PRODUCTS, MeshTopics.REPLAYS, MeshTopics.CATALOG, MeshTopics.ACCESS,
                        MeshTopics.KEYS);
        assertThat(MeshTopicDefinitions.ALL).filteredOn(t -> t.cleanupPolicy().equals("compact"))
                .filteredOn(t -> t != MeshTopicDefinitions.KEYS)
                .allSatisfy(t -> {
                    assertThat(t.retentionMs()).isEmpty();
                    assertThat(t.configs()).containsEntry("segment.ms", "86400000");
                });
        assertThat(MeshTopicDefinitions.QUARANTINE.retentionMs()).contains(7L * 24 * 3600 * 1000);
        assertThat(MeshTopicDefinitions.VIOLATIONS.retentionMs()).contains(7L * 24 * 3600 * 1000);
        assertThat(MeshTopicDefinitions.STATS.retentionMs()).contains(7L * 24 * 3600 * 1000);
        assertThat(MeshTopicDefinitions.ERASURES.retentionMs()).contains(5L * 365 * 24 * 3600 * 1000);
        assertThat(MeshTopicDefinitions.ERASURES.partitions()).isEqualTo(1);
    }

    @Test
    void shouldCompactTheKeyTopicSoThatATombstonedKeyIsGoneWithinAnHour() {
        assertThat(MeshTopicDefinitions.KEYS.configs()).containsOnly(
                Map.entry("cleanup.policy", "compact"),
                Map.entry("segment.ms", "600000"),
                Map.entry("max.compaction.lag.ms", "3600000"),
                Map.entry("min.cleanable.dirty.ratio", "0.01"),
                Map.entry("delete.retention.ms", "3600000"));
        assertThat(MeshTopicDefinitions.KEY_ERASURE_BOUND).hasHours(1);
    }

    @Test
    void shouldBoundTheQuarantinesRetentionAndKeepIt() {
        // Given
        TopicDefinition twoDays = MeshTopicDefinitions.quarantine(Duration.ofDays(2));

        // Then: the retention it is created with, and set back to on an existing quarantine; nothing else is kept
        assertThat(twoDays.name()).isEqualTo(MeshTopics.QUARANTINE);
        assertThat(twoDays.retentionMs()).contains(2L * 24 * 3600 * 1000);
        assertThat(twoDays.cleanupPolicy()).isEqualTo("delete");
        assertThat(twoDays.kept()).containsExactly("retention.ms");
        assertThat(twoDays.named("eu.quarantine").kept()).containsExactly("retention.ms");
        assertThat(MeshTopicDefinitions.all(Duration.ofDays(2))).contains(twoDays)
                .hasSameSizeAs(MeshTopicDefinitions.ALL);
        assertThat(MeshTopicDefinitions.ALL).filteredOn(t -> !t.name().equals(MeshTopics.QUARANTINE))
                .allSatisfy(t -> assertThat(t.kept()).isEmpty());
        assertThatThrownBy(() -> MeshTopicDefinitions.quarantine(Duration.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new TopicDefinition("t", 1, java.util.Map.of(), java.util.Set.of("retention.ms")))
                .hasMessageContaining("keeps configs it does not define");
    }

    @Test
    void shouldGiveTheDescriptorsOnePartition() {
        assertThat(MeshTopicDefinitions.PRODUCTS.partitions()).isEqualTo(1);
        assertThat(MeshTopicDefinitions.REPLAYS.partitions()).isEqualTo(1);
        assertThat(MeshTopicDefinitions.ACCESS.partitions()).isEqualTo(1);
        assertThat(MeshTopicDefinitions.CATALOG.partitions()).isEqualTo(3);
    }

    @Test
    void shouldNamePerProductTopicsFromTheWireContract() {
        TopicDefinition ingress = MeshTopicDefinitions.ingress("mesh.ingress.sales.orders", 6);
        assertThat(ingress.name()).isEqualTo("mesh.ingress.sales.orders");
        assertThat(ingress.partitions()).isEqualTo(6);
        assertThat(ingress.cleanupPolicy()).isEqualTo("delete");
        assertThat(MeshTopicDefinitions.publicTopic("sales.orders.v1", 3).cleanupPolicy()).isEqualTo("delete");
        TopicDefinition contracts = MeshTopicDefinitions.contracts("sales");
        assertThat(contracts.name()).isEqualTo("mesh.contracts.sales");
        assertThat(contracts.partitions()).isEqualTo(1);
        assertThat(contracts.configs()).isEqualTo(MeshTopicDefinitions.PRODUCTS.configs());
    }

    @Test
    void shouldAskForTheBrokersReplicationFactorWithMinusOne() {
        NewTopic topic = MeshTopicDefinitions.PRODUCTS.newTopic((short) -1);
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(topic.numPartitions()).isEqualTo(1);
        assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(MeshTopicDefinitions.PRODUCTS.newTopic((short) 3).replicationFactor()).isEqualTo((short) 3);
        assertThat(MeshTopicDefinitions.CATALOG.named("eu.catalog").name()).isEqualTo("eu.catalog");
        assertThat(Optional.of(MeshTopicDefinitions.CATALOG.named("eu.catalog").configs()))
                .contains(MeshTopicDefinitions.CATALOG.configs());
    }

    @Test
    void shouldRefuseABadDefinition() {
        assertThatThrownBy(() -> new TopicDefinition("t", 0, Map.of()))
                .hasMessageContaining("at least one partition");
    }
}
