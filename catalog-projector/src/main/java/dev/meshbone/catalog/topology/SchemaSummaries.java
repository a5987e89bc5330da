package dev.meshbone.catalog.topology;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.FieldSummary;
import dev.meshbone.events.SchemaSummary;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.schemas.PiiTags;
import dev.meshbone.schemas.SchemaField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/** The catalog's view of a contract schema: its fields, which are personal data and how each is protected. */
final class SchemaSummaries {

    private SchemaSummaries() {
    }

    /** The summary of a descriptor's contract schema; a schema that does not parse has no fields. */
    static SchemaSummary of(DataProductDescriptor descriptor) {
        Optional<Schema> schema = parse(descriptor.getContractSchema());
        List<FieldSummary> fields = schema.filter(s -> PiiTags.unwrapNullable(s).getType() == Schema.Type.RECORD)
                .map(s -> {
                    PersonalDataPolicy policy = PersonalDataPolicy.of(s, descriptor.getPiiProtection());
                    return PiiTags.fields(s).stream().map(f -> field(f, policy)).toList();
                })
                .orElse(List.of());
        return SchemaSummary.newBuilder()
                .setFullName(schema.map(Schema::getFullName).orElse("(schema does not parse)"))
                .setMajorVersion(descriptor.getMajorVersion())
                .setVersion(descriptor.getSchemaRef() == null ? null : descriptor.getSchemaRef().getVersion())
                .setFields(fields)
                .build();
    }

    static Optional<Schema> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Schema.Parser().parse(json));
        } catch (AvroRuntimeException e) { // SchemaParseException and friends: the summary says so, no fields
            return Optional.empty();
        }
    }

    /**
     * A field as the contract's personal-data policy treats it: its category (its own tag's, or the enclosing tagged
     * field's) and the protection governance applies. A tagged record or array of records has a category but no
     * protection of its own: its fields each show theirs. A scanned field shows the categories its
     * {@code "pii.allow"} lets through the scan: exceptions are visible.
     */
    private static FieldSummary field(SchemaField f, PersonalDataPolicy policy) {
        Optional<PersonalDataPolicy.Decision> decision = policy.at(f.path());
        String category = decision.map(d -> d.category().name())
                .orElse(f.isPersonal() ? PiiCategory.parse(f.piiTag()).map(Enum::name)
                        .orElse(f.piiTag().toUpperCase(Locale.ROOT)) : null);
        return FieldSummary.newBuilder()
                .setPath(f.path())
                .setType(typeName(f.schema()) + (f.isNullable() ? "?" : ""))
                .setDoc(f.field().doc() == null ? "" : f.field().doc())
                .setPiiCategory(category)
                .setProtection(decision.map(PersonalDataPolicy.Decision::applied).orElse(null))
                .setAllowed(policy.scannedAt(f.path()).map(s -> s.allowed().stream().map(Enum::name).toList())
                        .orElse(List.of()))
                .build();
    }

    /** A short, readable type: {@code string}, {@code long (timestamp-millis)}, {@code array<LineItem>}. */
    static String typeName(Schema schema) {
        Schema s = PiiTags.unwrapNullable(schema);
        return switch (s.getType()) {
            case RECORD -> s.getName();
            case ENUM -> "enum " + s.getName();
            case FIXED -> "fixed " + s.getName();
            case ARRAY -> "array<" + typeName(s.getElementType()) + ">";
            case MAP -> "map<" + typeName(s.getValueType()) + ">";
            case UNION -> s.getTypes().stream().map(SchemaSummaries::typeName).collect(Collectors.joining(" | "));
            default -> s.getLogicalType() == null ? s.getType().getName()
                    : s.getType().getName() + " (" + s.getLogicalType().getName() + ")";
        };
    }
}
