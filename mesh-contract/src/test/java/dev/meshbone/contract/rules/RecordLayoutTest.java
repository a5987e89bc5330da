package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RecordLayoutTest {

    @Test
    void shouldResolveWriterPositionsByNameOncePerWriterSchemaInstance() {
        // Given
        RecordLayout layout = RecordTypes.of(Shipments.NODE).root();
        Schema writer = reversedWithoutChildren();

        // When
        int[] first = layout.positions(writer);
        layout.positions(Shipments.NODE);
        int[] again = layout.positions(writer);

        // Then: name at 1, next at 0, children absent
        assertThat(first).containsExactly(1, 0, -1);
        assertThat(again).isSameAs(first);
        assertThat(layout.positions(Shipments.NODE)).containsExactly(0, 1, 2);
    }

    private static Schema reversedWithoutChildren() {
        List<Schema.Field> fields = new ArrayList<>();
        fields.add(new Schema.Field(Shipments.NODE.getField("next"), Shipments.NODE.getField("next").schema()));
        fields.add(new Schema.Field(Shipments.NODE.getField("name"), Shipments.NODE.getField("name").schema()));
        return Schema.createRecord("Node", null, "dev.meshbone.test", false, fields);
    }
}
