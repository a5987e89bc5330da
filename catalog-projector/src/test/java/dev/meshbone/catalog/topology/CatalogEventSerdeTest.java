package dev.meshbone.catalog.topology;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.grant;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static dev.meshbone.catalog.CatalogFixtures.violation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.events.ViolationCode;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CatalogEventSerdeTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
    private final CatalogEventSerde serde = new CatalogEventSerde();

    @Test
    void shouldRoundTripEveryKindOfEvent() {
        // Given
        List<CatalogEvent> events = List.of(
                new CatalogEvent.DescriptorChanged(2, descriptor("sales", "orders", 2).build()),
                new CatalogEvent.DescriptorChanged(3, null),
                new CatalogEvent.ViolationSeen(violation("sales.orders", ViolationCode.RULE_FAILED, "failed", AT)),
                new CatalogEvent.StatsReported(stats("sales.orders", AT, 5, 1, 0, AT)),
                new CatalogEvent.AccessChanged("analytics", grant("sales.orders", "analytics", AT)),
                new CatalogEvent.AccessChanged("analytics", null));

        // When / Then
        assertThat(events).allSatisfy(e -> assertThat(serde.decode(serde.encode(e))).isEqualTo(e));
    }

    @Test
    void shouldRefuseBytesThatAreNoCatalogEvent() {
        assertThatThrownBy(() -> serde.decode(new byte[] {'X', 1, 2})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown catalog event tag");
        assertThatThrownBy(() -> serde.decode(new byte[] {'R', 1})).isInstanceOf(SerializationException.class);
    }
}
