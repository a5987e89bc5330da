package dev.meshbone.contract.rules;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.StructType;
import dev.cel.common.values.CelValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * One contract record schema as the runtime reads it: its fields by name, how to convert each, and where each sits in
 * a writer's records. Thread-safe.
 */
final class RecordLayout {

    /** No such field in the writer's schema: the field reads as its contract default. */
    private static final int ABSENT = -1;

    private final Schema schema;
    private final RecordTypes types;
    private final StructType type;
    private final Map<String, Integer> indexByName;
    private final Object[] defaults;
    private ValueReader[] readers; // set once by link(), before the layout is published
    private final int[] ownPositions;
    private final Map<IdentityKey, int[]> positionsByWriter = new ConcurrentHashMap<>();
    private volatile WriterPositions lastWriter;

    RecordLayout(Schema schema, RecordTypes types) {
        this.schema = schema;
        this.types = types;
        List<Schema.Field> fields = schema.getFields();
        this.indexByName = new HashMap<>(fields.size() * 2);
        this.defaults = new Object[fields.size()];
        this.ownPositions = new int[fields.size()];
        for (Schema.Field field : fields) {
            indexByName.put(field.name(), field.pos());
            defaults[field.pos()] = field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null;
            ownPositions[field.pos()] = field.pos();
        }
        ImmutableSet<String> names = fields.stream().map(Schema.Field::name).collect(ImmutableSet.toImmutableSet());
        // Field types are resolved when the checker asks, so recursive records refer to each other without looping.
        this.type = StructType.create(schema.getFullName(), names,
                name -> Optional.ofNullable(indexByName.get(name)).map(i -> types.celType(fields.get(i).schema())));
    }

    void link() {
        ValueReader[] built = new ValueReader[schema.getFields().size()];
        for (Schema.Field field : schema.getFields()) {
            built[field.pos()] = ValueReader.of(field.schema(), types);
        }
        this.readers = built;
    }

    StructType type() {
        return type;
    }

    /**
     * Where each contract field sits in records of this writer schema ({@link #ABSENT} if nowhere). Computed once per
     * writer schema instance: writers are few, records are many.
     */
    int[] positions(Schema writer) {
        if (writer == schema) {
            return ownPositions;
        }
        WriterPositions last = lastWriter;
        if (last != null && last.writer() == writer) {
            return last.positions();
        }
        int[] positions = positionsByWriter.computeIfAbsent(new IdentityKey(writer), key -> resolve(writer));
        lastWriter = new WriterPositions(writer, positions);
        return positions;
    }

    private int[] resolve(Schema writer) {
        int[] positions = new int[ownPositions.length];
        for (Schema.Field field : schema.getFields()) {
            Schema.Field written = writer.getField(field.name());
            positions[field.pos()] = written == null ? ABSENT : written.pos();
        }
        return positions;
    }

    /** The contract field's index, or -1 when the contract record has no such field. */
    int index(String fieldName) {
        Integer index = indexByName.get(fieldName);
        return index == null ? -1 : index;
    }

    /** The CEL value of a field of a record laid out by {@code positions}. */
    CelValue read(GenericRecord record, int[] positions, int index) {
        int position = positions[index];
        Object value;
        if (position == ABSENT) {
            if (!schema.getFields().get(index).hasDefaultValue()) {
                throw new IllegalStateException("field '" + schema.getFields().get(index).name()
                        + "' is not in the writer's schema and has no default");
            }
            value = defaults[index];
        } else {
            value = record.get(position);
        }
        return ValueReader.readNullable(readers[index], value);
    }

    private record WriterPositions(Schema writer, int[] positions) {
    }

    /** Schema.equals compares whole schemas; the cache only needs the instance the decoder hands out. */
    private record IdentityKey(Schema schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && key.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
