package dev.meshbone.contract.pii;

import dev.meshbone.schemas.PiiTags;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * The data subject of a product's records: the top-level field that identifies the person a record is about, and the
 * kind of person ({@code customer}, {@code employee}, ...). Declared in the schema with the field property
 * {@value PiiTags#SUBJECT_PROPERTY}: {@code {"name": "customerId", "type": "string", "pii.subject": "customer"}}.
 * Products whose subjects are of the same kind share each person's data key, so forgetting a person erases them from
 * all of those products at once.
 *
 * @param field the top-level field holding the subject's id (a string, int or long, nullable or not)
 * @param kind  the kind of subject, {@link #KIND}
 */
public record DataSubject(String field, String kind) {

    /** A subject kind: lower-case letters, digits and '-', starting with a letter, at most 40 characters. */
    public static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /**
     * The subject a record schema declares: its first top-level field with a well-formed
     * {@value PiiTags#SUBJECT_PROPERTY}. Lenient by design (governance reads every writer schema with it);
     * {@code ContractCheck} is what refuses a malformed or second declaration.
     */
    public static Optional<DataSubject> of(Schema recordSchema) {
        Schema record = PiiTags.unwrapNullable(recordSchema);
        if (record.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        for (Schema.Field f : record.getFields()) {
            Object kind = f.getObjectProp(PiiTags.SUBJECT_PROPERTY);
            if (kind instanceof String k && KIND.matcher(k).matches() && holdsAnId(f.schema())) {
                return Optional.of(new DataSubject(f.name(), k));
            }
        }
        return Optional.empty();
    }

    /** A string, int or long, or a nullable one: the types an id is read from. */
    public static boolean holdsAnId(Schema schema) {
        Schema.Type type = PiiTags.unwrapNullable(schema).getType();
        return type == Schema.Type.STRING || type == Schema.Type.INT || type == Schema.Type.LONG;
    }
}
