package dev.meshbone.contract.rules;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.cel.common.values.BoolValue;
import dev.cel.common.values.BytesValue;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.CelValue;
import dev.cel.common.values.DoubleValue;
import dev.cel.common.values.ImmutableListValue;
import dev.cel.common.values.ImmutableMapValue;
import dev.cel.common.values.IntValue;
import dev.cel.common.values.NullValue;
import dev.cel.common.values.StringValue;
import dev.cel.common.values.TimestampValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts one non-null Avro value of a known schema to its CEL value. Chosen once per contract field, so a read is one
 * virtual call; accepts both the generic and the Java-type representations of each Avro type.
 */
@FunctionalInterface
interface ValueReader {

    CelValue read(Object value);

    static CelValue readNullable(ValueReader reader, Object value) {
        return value == null ? NullValue.NULL_VALUE : reader.read(value);
    }

    static ValueReader of(Schema schema, RecordTypes types) {
        return switch (schema.getType()) {
            case RECORD -> record(types.layout(schema));
            case ENUM -> value -> StringValue.create(value instanceof Enum<?> e ? e.name() : value.toString());
            case STRING -> value -> StringValue.create(value.toString()); // Utf8, String, UUID
            case ARRAY -> list(of(schema.getElementType(), types));
            case MAP -> map(of(schema.getValueType(), types));
            case UNION -> union(schema, types);
            case BYTES, FIXED -> RecordTypes.isDecimal(schema) ? decimal(schema) : ValueReader::bytes;
            case INT -> intOf(RecordTypes.logicalName(schema));
            case LONG -> longOf(RecordTypes.logicalName(schema));
            case FLOAT, DOUBLE -> value -> DoubleValue.create(((Number) value).doubleValue());
            case BOOLEAN -> value -> BoolValue.create((Boolean) value);
            case NULL -> value -> NullValue.NULL_VALUE;
        };
    }

    private static ValueReader record(RecordLayout layout) {
        return value -> new RecordView(layout, (GenericRecord) value);
    }

    private static ValueReader list(ValueReader elements) {
        return value -> {
            Collection<?> items = (Collection<?>) value;
            ImmutableList.Builder<CelValue> out = ImmutableList.builderWithExpectedSize(items.size());
            for (Object item : items) {
                out.add(readNullable(elements, item));
            }
            return ImmutableListValue.create(out.build());
        };
    }

    private static ValueReader map(ValueReader values) {
        return value -> {
            Map<?, ?> entries = (Map<?, ?>) value;
            ImmutableMap.Builder<StringValue, CelValue> out = ImmutableMap.builderWithExpectedSize(entries.size());
            entries.forEach((k, v) -> out.put(StringValue.create(k.toString()), readNullable(values, v)));
            return ImmutableMapValue.create(out.buildOrThrow());
        };
    }

    private static ValueReader union(Schema union, RecordTypes types) {
        Schema nullable = RecordTypes.nullableBranch(union);
        if (nullable != null) {
            return of(nullable, types); // null itself never reaches a reader
        }
        List<Schema> branches = union.getTypes();
        ValueReader[] readers = branches.stream().map(branch -> of(branch, types)).toArray(ValueReader[]::new);
        return value -> readers[branchOf(union, value)].read(value);
    }

    private static int branchOf(Schema union, Object value) {
        try {
            return GenericData.get().resolveUnion(union, value);
        } catch (AvroRuntimeException e) {
            // Java-type values (Instant, LocalDate, BigDecimal, Java enums) that generic data does not recognise.
            List<Schema> branches = union.getTypes();
            for (int i = 0; i < branches.size(); i++) {
                if (javaTypeFits(branches.get(i), value)) {
                    return i;
                }
            }
            throw e;
        }
    }

    private static boolean javaTypeFits(Schema branch, Object value) {
        String logical = RecordTypes.logicalName(branch);
        return switch (branch.getType()) {
            case ENUM -> value instanceof Enum<?> e && branch.hasEnumSymbol(e.name());
            case LONG -> value instanceof Instant || value instanceof LocalDateTime || value instanceof LocalTime;
            case INT -> value instanceof LocalDate || value instanceof LocalTime && "time-millis".equals(logical);
            case BYTES, FIXED -> value instanceof BigDecimal && RecordTypes.isDecimal(branch);
            case STRING -> value instanceof java.util.UUID;
            default -> false;
        };
    }

    private static ValueReader intOf(String logicalType) {
        if ("date".equals(logicalType)) {
            return value -> TimestampValue.create(Instant.ofEpochSecond(86_400L * (value instanceof LocalDate date
                    ? date.toEpochDay() : ((Number) value).longValue())));
        }
        if ("time-millis".equals(logicalType)) {
            return value -> IntValue.create(value instanceof LocalTime time
                    ? time.toNanoOfDay() / 1_000_000 : ((Number) value).longValue());
        }
        return value -> IntValue.create(((Number) value).longValue());
    }

    private static ValueReader longOf(String logicalType) {
        if (logicalType == null) {
            return value -> IntValue.create(((Number) value).longValue());
        }
        return switch (logicalType) {
            case "timestamp-millis", "local-timestamp-millis" -> timestamp(Instant::ofEpochMilli);
            case "timestamp-micros", "local-timestamp-micros" ->
                    timestamp(micros -> Instant.ofEpochSecond(
                            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
            case "timestamp-nanos", "local-timestamp-nanos" -> timestamp(nanos -> Instant.ofEpochSecond(0, nanos));
            case "time-micros" -> value -> IntValue.create(value instanceof LocalTime time
                    ? time.toNanoOfDay() / 1_000 : ((Number) value).longValue());
            default -> value -> IntValue.create(((Number) value).longValue());
        };
    }

    private static ValueReader timestamp(java.util.function.LongFunction<Instant> fromEpoch) {
        return value -> TimestampValue.create(value instanceof Instant instant ? instant
                : value instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC)
                : fromEpoch.apply(((Number) value).longValue()));
    }

    private static ValueReader decimal(Schema schema) {
        int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
        return value -> DoubleValue.create(value instanceof BigDecimal decimal ? decimal.doubleValue()
                : new BigDecimal(new BigInteger(bytesOf(value)), scale).doubleValue());
    }

    private static CelValue bytes(Object value) {
        return BytesValue.create(CelByteString.of(bytesOf(value)));
    }

    private static byte[] bytesOf(Object value) {
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate(); // reading must not move the record's buffer
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        if (value instanceof GenericFixed fixed) {
            return fixed.bytes();
        }
        return (byte[]) value;
    }
}
