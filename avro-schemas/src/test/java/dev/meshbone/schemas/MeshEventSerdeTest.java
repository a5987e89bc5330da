package dev.meshbone.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MeshEventSerdeTest {

    private final MeshEventSerde<DataProductDescriptor> serde = MeshEventSerde.of(DataProductDescriptor.class);

    @Test
    void shouldRoundTripAnEventThroughKafkaSerde() {
        // Given
        DataProductDescriptor descriptor = MeshEventsTest.descriptor();

        // When
        byte[] bytes = serde.serializer().serialize(MeshTopics.PRODUCTS, descriptor);
        DataProductDescriptor decoded = serde.deserializer().deserialize(MeshTopics.PRODUCTS, bytes);

        // Then
        assertThat(decoded).isEqualTo(descriptor);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3); // single-object encoding marker
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(serde.serializer().serialize(MeshTopics.PRODUCTS, null)).isNull();
        assertThat(serde.deserializer().deserialize(MeshTopics.PRODUCTS, null)).isNull();
    }

    @Test
    void shouldNameTheExpectedTypeWhenBytesAreAnotherEvent() {
        // Given
        byte[] violationBytes = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};

        // When / Then
        assertThatThrownBy(() -> serde.decode(violationBytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a DataProductDescriptor event");
        assertThat(MeshEventSerde.of(GovernanceViolation.class)).isNotNull();
    }
}
