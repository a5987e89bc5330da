package dev.meshbone.contract.rules;

import dev.cel.common.types.CelType;
import dev.cel.common.values.CelValue;
import dev.cel.common.values.NullValue;
import dev.cel.common.values.StringValue;
import dev.cel.common.values.StructValue;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * A CEL struct over an Avro record that converts a field only when the expression selects it. Fields are found by
 * name in the record's own (writer) schema; a field the writer did not have reads as the contract's default.
 */
final class RecordView extends StructValue<StringValue> {

    private final RecordLayout layout;
    private final GenericRecord record;
    private final int[] positions;

    RecordView(RecordLayout layout, GenericRecord record) {
        this.layout = layout;
        this.record = record;
        this.positions = layout.positions(record.getSchema());
    }

    /** The value of the contract field at {@code index}. */
    CelValue read(int index) {
        return layout.read(record, positions, index);
    }

    @Override
    public CelValue select(StringValue field) {
        int index = layout.index(field.value());
        if (index < 0) {
            throw new IllegalArgumentException("no such field '" + field.value() + "'");
        }
        return layout.read(record, positions, index);
    }

    /** Present means in the schema and not null: Avro's optional fields behave like proto wrapper fields. */
    @Override
    public Optional<CelValue> find(StringValue field) {
        int index = layout.index(field.value());
        if (index < 0) {
            return Optional.empty();
        }
        CelValue value = layout.read(record, positions, index);
        return value instanceof NullValue ? Optional.empty() : Optional.of(value);
    }

    /** The legacy interpreter carries values as plain objects; a view stays itself. */
    @Override
    public Object value() {
        return this;
    }

    @Override
    public boolean isZeroValue() {
        return false;
    }

    @Override
    public CelType celType() {
        return layout.type();
    }
}
