package dev.meshbone.sdk.internal.publish;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Checks a value against the contract schema before it is serialized, and says which field is wrong and why, never
 * what the value is (it may be personal data). Cheap enough for every record: one walk over the values, and the
 * record's schema is compared by identity first, its parsing-canonical-form fingerprint only when it is another
 * object (generated classes carry Java-only properties, so {@code equals} would be wrong).
 */
public final class RecordValidator {

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
        if (logical != null && matchesLogical(logical, value)) {
            return null;
        }
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
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            Failure f = checkValue(branch, value);
            if (f == null) {
                return null;
            }
            // A value of the branch's kind that fails inside (a record with a bad field) is the interesting failure.
            if (first == null && !f.isTypeMismatchHere()) {
                first = f;
            }
        }
        return first != null ? first : Failure.type(union, value);
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

    private static boolean matchesLogical(LogicalType logical, Object value) {
        return switch (logical.getName()) {
            case "timestamp-millis", "timestamp-micros", "timestamp-nanos" -> value instanceof Instant;
            case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos" ->
                    value instanceof LocalDateTime;
            case "date" -> value instanceof LocalDate;
            case "time-millis", "time-micros" -> value instanceof LocalTime;
            case "decimal", "big-decimal" -> value instanceof BigDecimal;
            case "uuid" -> value instanceof UUID;
            default -> false;
        };
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
            return schema.getType().getName() + " (" + schema.getLogicalType().getName() + ")";
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
