package dev.meshbone.sdk.internal.publish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Checks a value against the contract schema before it is serialized, and says which field is wrong and why, never
 * what the value is (it may be personal data). Cheap enough for every record: one walk over the values, and the
 * record's schema is compared by identity first, its parsing-canonical-form fingerprint only when it is another
 * object (generated classes carry Java-only properties, so {@code equals} would be wrong).
 *
 * <p>A logical-type field may hold its underlying representation ({@code long}, {@code int}, {@code ByteBuffer},
 * {@code GenericFixed}, {@code CharSequence}) or the Java type the writer converts
 * ({@link IdentityCachedDatumProvider#GENERIC_DATA}: {@code Instant}, {@code LocalDate}, {@code BigDecimal}, ...),
 * provided the conversion can represent the value: a decimal's scale and precision, a timestamp's or date's range.
 */
public final class RecordValidator {

    private static final GenericData WRITER_DATA = IdentityCachedDatumProvider.GENERIC_DATA;
    private static final Range MILLIS = Range.of(ChronoUnit.MILLIS);
    private static final Range MICROS = Range.of(ChronoUnit.MICROS);
    private static final Range NANOS = Range.of(ChronoUnit.NANOS);

    private final Schema contract;
    private final long contractFingerprint;
    /** The last record schema object found equal to the contract; records of one class all share it. */
    private volatile Schema lastAccepted;

    /** A validator for one contract schema. */
    public RecordValidator(Schema contract) {
        this.contract = contract;
        this.contractFingerprint = SchemaNormalization.parsingFingerprint64(contract);
        this.lastAccepted = contract;
    }

    /**
     * A field that does not match.
     *
     * @param path    e.g. {@code items[2].quantity}; empty for the record itself
     * @param message what is wrong, naming the field
     */
    public record Violation(String path, String message) {
    }

    /** True when a schema declares the same record as the contract (ignoring docs, defaults and properties). */
    public boolean sameAsContract(Schema schema) {
        return schema == contract || SchemaNormalization.parsingFingerprint64(schema) == contractFingerprint;
    }

    /** Null when the value matches the contract, else the first violation. */
    public Violation check(GenericRecord value) {
        if (value == null) {
            return new Violation("", "the value is null; a data product record cannot be a tombstone");
        }
        Schema schema = value.getSchema();
        if (schema != lastAccepted) {
            if (!sameAsContract(schema)) {
                return new Violation("", "the record's schema (" + schema.getFullName() + ") is not the contract's "
                        + "schema (" + contract.getFullName() + "): build records from the contract schema or the "
                        + "class generated from it");
            }
            lastAccepted = schema;
        }
        Failure failure = checkRecordFields(contract, value);
        return failure == null ? null : failure.toViolation();
    }

    private static Failure checkRecordFields(Schema schema, IndexedRecord record) {
        List<Schema.Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) { // indexed: no iterator per record
            Schema.Field field = fields.get(i);
            Failure f = checkValue(field.schema(), record.get(i));
            if (f != null) {
                return f.under(field.name());
            }
        }
        return null;
    }

    private static Failure checkValue(Schema schema, Object value) {
        switch (schema.getType()) {
            case UNION:
                return checkUnion(schema, value);
            case NULL:
                return value == null ? null : Failure.type(schema, value);
            default:
                if (value == null) {
                    return new Failure("is null, but the schema requires " + describe(schema) + " (it is not nullable)");
                }
        }
        LogicalType logical = schema.getLogicalType();
        if (logical != null && WRITER_DATA.getConversionByClass(value.getClass(), logical) != null) {
            return checkConverted(schema, logical, value); // the writer's own lookup: exactly what it converts
        }
        Failure raw = checkRaw(schema, value);
        if (raw != null && logical != null && raw.isTypeMismatchHere()
                && WRITER_DATA.getConversionFor(logical) != null) {
            return Failure.logical(schema, value, false);
        }
        return raw;
    }

    private static Failure checkRaw(Schema schema, Object value) {
        return switch (schema.getType()) {
            case BOOLEAN -> value instanceof Boolean ? null : Failure.type(schema, value);
            case INT -> value instanceof Integer ? null : Failure.type(schema, value);
            case LONG -> value instanceof Long ? null : Failure.type(schema, value);
            case FLOAT -> value instanceof Float ? null : Failure.type(schema, value);
            case DOUBLE -> value instanceof Double ? null : Failure.type(schema, value);
            case STRING -> value instanceof CharSequence ? null : Failure.type(schema, value);
            case BYTES -> value instanceof ByteBuffer ? null : Failure.type(schema, value);
            case FIXED -> !(value instanceof GenericFixed fixed) ? Failure.type(schema, value)
                    : fixed.bytes().length == schema.getFixedSize() ? null
                    : new Failure("has " + fixed.bytes().length + " bytes, but the schema's fixed "
                    + schema.getFullName() + " has " + schema.getFixedSize());
            case ENUM -> checkEnum(schema, value);
            case ARRAY -> checkArray(schema, value);
            case MAP -> checkMap(schema, value);
            case RECORD -> checkRecord(schema, value);
            default -> null;
        };
    }

    private static Failure checkUnion(Schema union, Object value) {
        if (value == null) {
            for (Schema branch : union.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            return new Failure("is null, but the schema requires " + describe(union) + " (it is not nullable)");
        }
        Failure first = null;
        Schema last = null;
        int branches = 0;
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            last = branch;
            branches++;
            Failure f = checkValue(branch, value);
            if (f == null) {
                return null;
            }
            // A value of the branch's kind that fails inside (a record with a bad field) is the interesting failure.
            if (first == null && !f.isTypeMismatchHere()) {
                first = f;
            }
        }
        if (first != null) {
            return first;
        }
        // A nullable logical type: the Java types it takes say more than the union's Avro types.
        boolean nullable = branches == 1 && union.getTypes().size() == 2;
        if (nullable && last.getLogicalType() != null && WRITER_DATA.getConversionFor(last.getLogicalType()) != null) {
            return Failure.logical(last, value, true);
        }
        return Failure.type(union, value);
    }

    private static Failure checkEnum(Schema schema, Object value) {
        String symbol;
        if (value instanceof GenericEnumSymbol<?> generic) {
            symbol = generic.toString();
        } else if (value instanceof Enum<?> e) {
            symbol = e.name();
        } else {
            return Failure.type(schema, value);
        }
        return schema.hasEnumSymbol(symbol) ? null
                : new Failure("is not a symbol of enum " + schema.getFullName() + " " + schema.getEnumSymbols());
    }

    private static Failure checkArray(Schema schema, Object value) {
        if (!(value instanceof Collection<?> items)) {
            return Failure.type(schema, value);
        }
        int i = 0;
        for (Object item : items) {
            Failure f = checkValue(schema.getElementType(), item);
            if (f != null) {
                return f.under("[" + i + "]");
            }
            i++;
        }
        return null;
    }

    private static Failure checkMap(Schema schema, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Failure.type(schema, value);
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof CharSequence)) {
                return new Failure("has a map key that is not a string");
            }
            Failure f = checkValue(schema.getValueType(), entry.getValue());
            if (f != null) {
                return f.under("{}"); // never the key: it may be personal data
            }
        }
        return null;
    }

    private static Failure checkRecord(Schema schema, Object value) {
        if (!(value instanceof IndexedRecord record)) {
            return Failure.type(schema, value);
        }
        Schema actual = record.getSchema();
        if (actual != schema && (!actual.getFullName().equals(schema.getFullName())
                || actual.getFields().size() != schema.getFields().size())) {
            return new Failure("is a " + actual.getFullName() + " record, but the schema declares "
                    + schema.getFullName());
        }
        return checkRecordFields(schema, record);
    }

    /** A value of the Java type the writer converts: refused only when the conversion cannot represent it. */
    private static Failure checkConverted(Schema schema, LogicalType logical, Object value) {
        return switch (logical.getName()) {
            case "decimal" -> checkDecimal(schema, (LogicalTypes.Decimal) logical, (BigDecimal) value);
            case "timestamp-millis" -> MILLIS.check(schema, (Instant) value);
            case "timestamp-micros" -> MICROS.check(schema, (Instant) value);
            case "timestamp-nanos" -> NANOS.check(schema, (Instant) value);
            case "local-timestamp-millis" -> MILLIS.check(schema, (LocalDateTime) value);
            case "local-timestamp-micros" -> MICROS.check(schema, (LocalDateTime) value);
            case "local-timestamp-nanos" -> NANOS.check(schema, (LocalDateTime) value);
            case "date" -> checkDate(schema, (LocalDate) value);
            default -> null; // times of day, uuid and big-decimal: every value converts
        };
    }

    /** Avro casts the epoch day to an int: a date out of its range would silently be written as another date. */
    private static Failure checkDate(Schema schema, LocalDate value) {
        long epochDay = value.toEpochDay();
        return (int) epochDay == epochDay ? null : Failure.unrepresentable(schema, value,
                "is out of the range of an int count of days since the epoch");
    }

    /** What Avro's decimal conversion refuses (a scale it would have to round, too many digits), named. */
    private static Failure checkDecimal(Schema schema, LogicalTypes.Decimal decimal, BigDecimal value) {
        BigDecimal scaled = value;
        if (value.scale() != decimal.getScale()) {
            try {
                scaled = value.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                return Failure.unrepresentable(schema, value, "needs rounding to the schema's scale "
                        + decimal.getScale());
            }
        }
        return scaled.precision() <= decimal.getPrecision() ? null : Failure.unrepresentable(schema, value,
                "has more digits than the schema's precision " + decimal.getPrecision() + " (at scale "
                        + decimal.getScale() + ")");
    }

    /** The instants a timestamp of one unit can hold: a long count of units since the epoch. */
    private record Range(String unit, Instant min, Instant max, LocalDateTime localMin, LocalDateTime localMax) {

        static Range of(ChronoUnit unit) {
            Instant min = Instant.EPOCH.plus(Long.MIN_VALUE, unit);
            // The conversions truncate below the unit, so the last unit's sub-unit instants still fit.
            Instant max = Instant.EPOCH.plus(Long.MAX_VALUE, unit).plus(unit.getDuration()).minusNanos(1);
            return new Range(unit.toString().toLowerCase(Locale.ROOT), min, max,
                    LocalDateTime.ofInstant(min, ZoneOffset.UTC), LocalDateTime.ofInstant(max, ZoneOffset.UTC));
        }

        Failure check(Schema schema, Instant value) {
            return value.isBefore(min) || value.isAfter(max) ? outOfRange(schema, value) : null;
        }

        Failure check(Schema schema, LocalDateTime value) {
            return value.isBefore(localMin) || value.isAfter(localMax) ? outOfRange(schema, value) : null;
        }

        private Failure outOfRange(Schema schema, Object value) {
            return Failure.unrepresentable(schema, value, "is out of the range of a long count of " + unit
                    + " since the epoch");
        }
    }

    /** The Java types a logical-type schema takes: the writer's converted type, then the raw representation. */
    private static String expectedJavaTypes(Schema schema, boolean orNull) {
        Conversion<?> conversion = WRITER_DATA.getConversionFor(schema.getLogicalType());
        String raw = switch (schema.getType()) {
            case INT -> "int";
            case LONG -> "long";
            case BYTES -> ByteBuffer.class.getName();
            case STRING -> CharSequence.class.getName();
            case FIXED -> GenericFixed.class.getName() + " of " + schema.getFixedSize() + " bytes";
            default -> schema.getType().getName();
        };
        return conversion.getConvertedType().getName() + (orNull ? ", " + raw + " or null" : " or " + raw);
    }

    /** The logical type as the schema declares it, e.g. {@code timestamp-millis} or {@code decimal(10,2)}. */
    private static String logicalName(Schema schema) {
        return schema.getLogicalType() instanceof LogicalTypes.Decimal decimal
                ? "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")"
                : schema.getLogicalType().getName();
    }

    static String describe(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            StringBuilder out = new StringBuilder("one of [");
            for (int i = 0; i < schema.getTypes().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(describe(schema.getTypes().get(i)));
            }
            return out.append(']').toString();
        }
        if (schema.getLogicalType() != null) {
            return schema.getType().getName() + " (" + logicalName(schema) + ")";
        }
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getFullName();
            case ARRAY -> "an array";
            case MAP -> "a map";
            default -> schema.getType().getName();
        };
    }

    /** A failure found deep down; the path is built on the way back up, only when something failed. */
    private static final class Failure {
        private final StringBuilder path = new StringBuilder();
        private final String problem;
        private final boolean typeMismatch;

        Failure(String problem) {
            this(problem, false);
        }

        private Failure(String problem, boolean typeMismatch) {
            this.problem = problem;
            this.typeMismatch = typeMismatch;
        }

        static Failure type(Schema expected, Object value) {
            return new Failure("holds a " + value.getClass().getName() + ", but the schema declares "
                    + describe(expected), true);
        }

        /** A logical-type field holding neither the converted type nor the raw representation. */
        static Failure logical(Schema expected, Object value, boolean orNull) {
            return new Failure("(" + logicalName(expected) + ") holds a " + value.getClass().getName()
                    + "; expected " + expectedJavaTypes(expected, orNull), true);
        }

        /** A value of the converted type that the conversion cannot represent; says why, not what it is. */
        static Failure unrepresentable(Schema expected, Object value, String why) {
            return new Failure("(" + logicalName(expected) + ") holds a " + value.getClass().getName()
                    + " that " + why);
        }

        /** True when the value is of another kind altogether (not a failure inside it). */
        boolean isTypeMismatchHere() {
            return typeMismatch && path.length() == 0;
        }

        Failure under(String segment) {
            if (path.length() > 0 && path.charAt(0) != '[' && path.charAt(0) != '{') {
                path.insert(0, '.');
            }
            path.insert(0, segment);
            return this;
        }

        Violation toViolation() {
            return new Violation(path.toString(), "field '" + path + "' " + problem);
        }
    }
}
