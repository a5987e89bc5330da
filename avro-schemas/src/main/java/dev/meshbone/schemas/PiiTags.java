package dev.meshbone.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Reads the personal-data tags of an Avro schema. A tag is the field property {@value #PROPERTY}, so it travels
 * with every schema version: {@code {"name": "email", "type": "string", "pii": "EMAIL"}}. The value
 * {@value #NOT_PERSONAL} says the owner believes the field is not personal: it silences the SDK's name lint, but
 * governance still scans its content. A field that holds look-alikes (an internal IP address, a SKU that passes
 * Luhn) lists the categories the scan ignores there in {@value #ALLOW_PROPERTY}:
 * {@code {"name": "serverIp", "type": "string", "pii": "NONE", "pii.allow": ["IP_ADDRESS"]}}. The field that
 * identifies the person a record is about carries {@value #SUBJECT_PROPERTY} with the kind of subject:
 * {@code {"name": "customerId", "type": "string", "pii.subject": "customer"}}.
 */
public final class PiiTags {

    /** The Avro field property that holds the tag. */
    public static final String PROPERTY = "pii";
    /** The tag value meaning "looked at, holds no personal data". */
    public static final String NOT_PERSONAL = "NONE";
    /** The Avro field property listing the categories governance's content scan ignores on that field. */
    public static final String ALLOW_PROPERTY = "pii.allow";
    /** The Avro field property naming the data subject's kind on the field that identifies them. */
    public static final String SUBJECT_PROPERTY = "pii.subject";

    private PiiTags() {
    }

    /** Every leaf and nested field of a record schema, depth first, in declaration order. */
    public static List<SchemaField> fields(Schema schema) {
        if (unwrapNullable(schema).getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("expected a record schema, got " + schema.getType());
        }
        List<SchemaField> out = new ArrayList<>();
        walkRecord(unwrapNullable(schema), "", out, new HashSet<>());
        return List.copyOf(out);
    }

    /** The fields tagged with a personal-data category (not those marked {@value #NOT_PERSONAL}). */
    public static List<SchemaField> personalFields(Schema schema) {
        return fields(schema).stream().filter(SchemaField::isPersonal).toList();
    }

    /**
     * The categories a field's {@value #ALLOW_PROPERTY} lists; empty when it has none. Names that are not categories
     * are left out (the contract core refuses them), so a bad exception never silences more of the scan.
     */
    public static Set<PiiCategory> allowed(Schema.Field field) {
        Set<PiiCategory> allowed = EnumSet.noneOf(PiiCategory.class);
        if (field.getObjectProp(ALLOW_PROPERTY) instanceof Collection<?> names) {
            names.forEach(n -> PiiCategory.parse(String.valueOf(n)).ifPresent(allowed::add));
        }
        return allowed;
    }

    /** The union's only non-null branch for {@code ["null", X]}, else the schema itself. */
    public static Schema unwrapNullable(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> nonNull = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
            if (nonNull.size() == 1) {
                return nonNull.get(0);
            }
        }
        return schema;
    }

    static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.NULL || (schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL));
    }

    private static void walkRecord(Schema record, String prefix, List<SchemaField> out, Set<String> onPath) {
        if (!onPath.add(record.getFullName())) {
            return; // a recursive type: its fields were listed at the outer level
        }
        for (Schema.Field field : record.getFields()) {
            String tag = field.getProp(PROPERTY);
            walkValue(field, field.schema(), prefix + field.name(), tag, out, onPath);
        }
        onPath.remove(record.getFullName());
    }

    private static void walkValue(Schema.Field field, Schema schema, String path, String tag,
                                  List<SchemaField> out, Set<String> onPath) {
        Schema value = unwrapNullable(schema);
        switch (value.getType()) {
            case RECORD -> {
                out.add(new SchemaField(path, field, value, tag));
                walkRecord(value, path + ".", out, onPath);
            }
            case ARRAY -> walkValue(field, value.getElementType(), path + "[]", tag, out, onPath);
            case MAP -> walkValue(field, value.getValueType(), path + "{}", tag, out, onPath);
            case UNION -> {
                // A union of several non-null branches: each record branch is walked under the same path.
                out.add(new SchemaField(path, field, value, tag));
                for (Schema branch : value.getTypes()) {
                    if (branch.getType() == Schema.Type.RECORD) {
                        walkRecord(branch, path + ".", out, onPath);
                    }
                }
            }
            default -> out.add(new SchemaField(path, field, value, tag));
        }
    }
}
