package dev.meshbone.schemas;

import org.apache.avro.Schema;

/**
 * One field of a (possibly nested) Avro record, as {@link PiiTags#fields(Schema)} finds it.
 *
 * @param path   dotted path from the root record; {@code []} marks array items, {@code {}} map values,
 *               e.g. {@code items[].sku} or {@code attributes{}}
 * @param field  the Avro field that declares it (for array items and map values: the enclosing field)
 * @param schema the value schema with a nullable union unwrapped
 * @param piiTag the {@code pii} property as written, or null when the field has none
 */
public record SchemaField(String path, Schema.Field field, Schema schema, String piiTag) {

    /** True when the field carries a personal-data category (not the explicit "not personal" marking). */
    public boolean isPersonal() {
        return piiTag != null && !PiiTags.NOT_PERSONAL.equalsIgnoreCase(piiTag);
    }

    /** True when the schema says explicitly that the field holds no personal data ({@code "pii": "NONE"}). */
    public boolean isMarkedNotPersonal() {
        return PiiTags.NOT_PERSONAL.equalsIgnoreCase(piiTag);
    }

    /** True for a string field, or a nullable one: the only kind MASK, HASH and ENCRYPT can write into. */
    public boolean holdsString() {
        return schema.getType() == Schema.Type.STRING;
    }

    /** True when null is one of the field's types. */
    public boolean isNullable() {
        return PiiTags.isNullable(field.schema());
    }
}
