package dev.meshbone.contract.rules;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * The records of one Avro schema, nested ones included, as CEL struct types for the checker and as
 * {@link RecordLayout}s for the runtime. Immutable once built.
 */
final class RecordTypes implements CelTypeProvider {

    private final Map<String, RecordLayout> layouts;
    private final RecordLayout root;

    private RecordTypes(Schema rootSchema) {
        Map<String, Schema> records = new LinkedHashMap<>();
        collect(rootSchema, records);
        Map<String, RecordLayout> byName = new LinkedHashMap<>();
        records.forEach((name, schema) -> byName.put(name, new RecordLayout(schema, this)));
        this.layouts = Map.copyOf(byName);
        // Readers refer to other layouts directly, so they are built once every layout exists (records may recurse).
        layouts.values().forEach(RecordLayout::link);
        this.root = layouts.get(rootSchema.getFullName());
    }

    static RecordTypes of(Schema rootSchema) {
        if (rootSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("quality rules need a record schema, not " + rootSchema.getType());
        }
        return new RecordTypes(rootSchema);
    }

    private static void collect(Schema schema, Map<String, Schema> records) {
        switch (schema.getType()) {
            case RECORD -> {
                if (records.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(field -> collect(field.schema(), records));
                }
            }
            case ARRAY -> collect(schema.getElementType(), records);
            case MAP -> collect(schema.getValueType(), records);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, records));
            default -> {
                // Leaves: nothing to collect.
            }
        }
    }

    RecordLayout root() {
        return root;
    }

    RecordLayout layout(Schema record) {
        return layouts.get(record.getFullName());
    }

    /** The CEL type of values of this Avro schema. */
    CelType celType(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> layout(schema).type();
            case ENUM, STRING -> SimpleType.STRING;
            case ARRAY -> ListType.create(celType(schema.getElementType()));
            case MAP -> MapType.create(SimpleType.STRING, celType(schema.getValueType()));
            case UNION -> unionType(schema);
            case FIXED, BYTES -> isDecimal(schema) ? SimpleType.DOUBLE : SimpleType.BYTES;
            case INT -> "date".equals(logicalName(schema)) ? SimpleType.TIMESTAMP : SimpleType.INT;
            case LONG -> isTimestamp(schema) ? SimpleType.TIMESTAMP : SimpleType.INT;
            case FLOAT, DOUBLE -> SimpleType.DOUBLE;
            case BOOLEAN -> SimpleType.BOOL;
            case NULL -> SimpleType.NULL_TYPE;
        };
    }

    private CelType unionType(Schema union) {
        Schema nullable = nullableBranch(union);
        if (nullable != null) {
            CelType target = celType(nullable);
            // Only primitives have a nullable form in CEL; structs, lists, maps and timestamps already accept null.
            return target instanceof SimpleType simple && simple != SimpleType.TIMESTAMP
                    ? NullableType.create(simple) : target;
        }
        return union.getTypes().size() == 1 ? celType(union.getTypes().get(0)) : SimpleType.DYN;
    }

    /** X when the union is {@code ["null", X]} (either order), else null. */
    static Schema nullableBranch(Schema union) {
        if (union.getType() != Schema.Type.UNION || union.getTypes().size() != 2) {
            return null;
        }
        Schema first = union.getTypes().get(0);
        Schema second = union.getTypes().get(1);
        if (first.getType() == Schema.Type.NULL && second.getType() != Schema.Type.NULL) {
            return second;
        }
        return second.getType() == Schema.Type.NULL && first.getType() != Schema.Type.NULL ? first : null;
    }

    static String logicalName(Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        return logicalType == null ? null : logicalType.getName();
    }

    static boolean isDecimal(Schema schema) {
        return "decimal".equals(logicalName(schema));
    }

    static boolean isTimestamp(Schema schema) {
        String name = logicalName(schema);
        return name != null && (name.startsWith("timestamp-") || name.startsWith("local-timestamp-"));
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return layouts.values().stream().map(layout -> (CelType) layout.type()).collect(ImmutableList.toImmutableList());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return Optional.ofNullable(layouts.get(typeName)).map(RecordLayout::type);
    }
}
