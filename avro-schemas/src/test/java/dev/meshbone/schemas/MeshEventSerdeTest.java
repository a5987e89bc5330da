package dev.meshbone.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
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

    @Test
    void shouldDecodeACatalogEntryWrittenBeforeItHadAccess() throws Exception {
        // Given an entry encoded with the first CatalogEntry schema, which had no access field
        Schema v1;
        try (InputStream in = MeshEventSerde.class.getResourceAsStream("history/CatalogEntry.1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord counts = new GenericRecordBuilder(v1.getField("counts").schema()).build();
        GenericRecord old = new GenericRecordBuilder(v1)
                .set("id", "sales.orders").set("domain", "sales").set("name", "orders")
                .set("sloStatus", new GenericRecordBuilder(v1.getField("sloStatus").schema())
                        .set("evaluatedAt", 1L).build())
                .set("counts", counts).set("countsLastHour", counts)
                .set("createdAt", 1L).set("updatedAt", 2L).build();
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        // When
        CatalogEntry decoded = MeshEventSerde.of(CatalogEntry.class).decode(bytes);

        // Then
        assertThat(decoded.getId()).isEqualTo("sales.orders");
        assertThat(decoded.getAccess()).isEmpty();
    }

    @Test
    void shouldDecodeACatalogEntryWrittenBeforeItsFieldsHadAllowances() throws Exception {
        // Given an entry encoded with the second CatalogEntry schema, whose field summaries had no allowed categories
        Schema v2;
        try (InputStream in = MeshEventSerde.class.getResourceAsStream("history/CatalogEntry.2.avsc")) {
            v2 = new Schema.Parser().parse(in);
        }
        Schema summary = v2.getField("currentSchema").schema().getTypes().get(1);
        Schema field = summary.getField("fields").schema().getElementType();
        GenericRecord counts = new GenericRecordBuilder(v2.getField("counts").schema()).build();
        GenericRecord old = new GenericRecordBuilder(v2)
                .set("id", "sales.orders").set("domain", "sales").set("name", "orders")
                .set("currentSchema", new GenericRecordBuilder(summary).set("fullName", "Order").set("majorVersion", 1)
                        .set("fields", java.util.List.of(new GenericRecordBuilder(field).set("path", "notes")
                                .set("type", "string").build())).build())
                .set("sloStatus", new GenericRecordBuilder(v2.getField("sloStatus").schema())
                        .set("evaluatedAt", 1L).build())
                .set("counts", counts).set("countsLastHour", counts)
                .set("createdAt", 1L).set("updatedAt", 2L).build();
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        // When
        CatalogEntry decoded = MeshEventSerde.of(CatalogEntry.class).decode(bytes);

        // Then
        assertThat(decoded.getCurrentSchema().getFields()).singleElement().satisfies(f -> {
            assertThat(f.getPath()).isEqualTo("notes");
            assertThat(f.getAllowed()).isEmpty();
        });
    }

    @Test
    void shouldDecodeStatsWrittenBeforeTheyHadParts() throws Exception {
        // Given a report encoded with the first ProductStats schema: one report for the whole window
        Schema v1;
        try (InputStream in = MeshEventSerde.class.getResourceAsStream("history/ProductStats.1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }
        GenericRecord old = new GenericRecordBuilder(v1).set("productId", "sales.orders").set("windowStart", 60_000L)
                .set("windowEnd", 120_000L).set("accepted", 7L).build();
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        // When
        ProductStats decoded = MeshEventSerde.of(ProductStats.class).decode(bytes);

        // Then
        assertThat(decoded.getAccepted()).isEqualTo(7);
        assertThat(decoded.getPart()).isEmpty();
    }
}
