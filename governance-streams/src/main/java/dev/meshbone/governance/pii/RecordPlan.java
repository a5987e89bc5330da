package dev.meshbone.governance.pii;

import dev.meshbone.contract.pii.PersonalDataPolicy.Treatment;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.PiiTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * What governance does to records of one writer schema, worked out once from the schema's {@code pii} tags: which
 * untagged string fields to scan for personal data; and protection as the contract's {@link PersonalDataPolicy}
 * says. Immutable and thread-safe; records are visited without reflection or per-record schema walks.
 */
public final class RecordPlan {

    /** Untagged personal data found in a record. Holds the field path and category, never the value. */
    public record UntaggedPii(String fieldPath, PiiDetectors.Finding finding) {
    }

    private final List<FieldNode> fields;

    private RecordPlan(List<FieldNode> fields) {
        this.fields = fields;
    }

    /** The plan for a record schema. */
    public static RecordPlan of(Schema recordSchema) {
        return build(recordSchema, "", new ArrayList<>());
    }

    private static RecordPlan build(Schema record, String prefix, List<String> onPath) {
        if (onPath.contains(record.getFullName())) {
            return new RecordPlan(List.of()); // recursive type: the outer level already covers its fields
        }
        onPath.add(record.getFullName());
        List<FieldNode> nodes = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            String path = prefix + field.name();
            nodes.add(new FieldNode(field.pos(), path, field.getProp(PiiTags.PROPERTY),
                    valueNode(field.schema(), path, onPath)));
        }
        onPath.remove(onPath.size() - 1);
        return new RecordPlan(List.copyOf(nodes));
    }

    private static ValueNode valueNode(Schema schema, String path, List<String> onPath) {
        return switch (schema.getType()) {
            case STRING -> new ValueNode.Text();
            case RECORD -> new ValueNode.Nested(build(schema, path + ".", onPath));
            case ARRAY -> new ValueNode.Items(valueNode(schema.getElementType(), path + "[]", onPath));
            case MAP -> new ValueNode.Values(valueNode(schema.getValueType(), path + "{}", onPath));
            case UNION -> new ValueNode.Either(schema,
                    schema.getTypes().stream().map(b -> valueNode(b, path, onPath)).toList());
            default -> new ValueNode.Opaque();
        };
    }

    /** The first untagged string field holding what looks like personal data. Fields tagged NONE are trusted. */
    public Optional<UntaggedPii> scan(GenericRecord record) {
        for (FieldNode f : fields) {
            if (f.tag != null) {
                continue;
            }
            Optional<UntaggedPii> hit = scanValue(f.value, record.get(f.pos), f.path);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private static Optional<UntaggedPii> scanValue(ValueNode node, Object value, String path) {
        if (value == null) {
            return Optional.empty();
        }
        if (node instanceof ValueNode.Text) {
            return PiiDetectors.scan(value.toString()).map(f -> new UntaggedPii(path, f));
        }
        if (node instanceof ValueNode.Nested nested) {
            return nested.plan.scan((GenericRecord) value);
        }
        if (node instanceof ValueNode.Items items) {
            for (Object item : (List<?>) value) {
                Optional<UntaggedPii> hit = scanValue(items.item, item, path + "[]");
                if (hit.isPresent()) {
                    return hit;
                }
            }
        } else if (node instanceof ValueNode.Values values) {
            for (Object v : ((Map<?, ?>) value).values()) {
                Optional<UntaggedPii> hit = scanValue(values.value, v, path + "{}");
                if (hit.isPresent()) {
                    return hit;
                }
            }
        } else if (node instanceof ValueNode.Either either) {
            return scanValue(either.branchFor(value), value, path);
        }
        return Optional.empty();
    }

    /**
     * Protects a record in place as the contract's personal-data policy for its writer schema says (the one answer
     * of {@code mesh-contract}: tokens for strings, DROP where a token cannot be held).
     *
     * @param subjectKey the data key of the record's subject, for ENCRYPT; null when the record has no subject (or
     *                   governance no keys): ENCRYPT then drops the value, never lets it through
     */
    public static void protect(GenericRecord record, PersonalDataPolicy policy, Protection protection,
                               DataKey subjectKey) {
        protectRecord(policy.plan(), record, protection, subjectKey);
    }

    private static void protectRecord(PersonalDataPolicy.RecordNode node, GenericRecord record, Protection protection,
                                      DataKey key) {
        for (PersonalDataPolicy.FieldNode f : node.fields()) {
            Object value = record.get(f.pos());
            if (value != null) {
                record.put(f.pos(), apply(f.treatment(), value, protection, key));
            }
        }
    }

    /** The protected value; containers are changed in place. */
    private static Object apply(Treatment treatment, Object value, Protection protection, DataKey key) {
        if (value == null) {
            return null;
        }
        if (treatment instanceof Treatment.Tokenize t) {
            if (t.protection() != PiiProtection.ENCRYPT) {
                return protection.protect(t.protection(), value.toString(), t.category().name());
            }
            return key == null ? t.fallback().value() : SubjectCipher.encrypt(value.toString(), key);
        }
        if (treatment instanceof Treatment.Drop drop) {
            return drop.value();
        }
        if (treatment instanceof Treatment.Inside inside) {
            protectRecord(inside.record(), (GenericRecord) value, protection, key);
        } else if (treatment instanceof Treatment.Each each) {
            if (value instanceof List<?> items) {
                @SuppressWarnings("unchecked") List<Object> list = (List<Object>) items;
                list.replaceAll(item -> apply(each.item(), item, protection, key));
            } else {
                @SuppressWarnings("unchecked") Map<Object, Object> map = (Map<Object, Object>) value;
                map.replaceAll((k, v) -> apply(each.item(), v, protection, key));
            }
        } else if (treatment instanceof Treatment.Branches branches) {
            Treatment branch = branches.branchFor(value);
            return branch == null ? value : apply(branch, value, protection, key);
        }
        return value;
    }

    private record FieldNode(int pos, String path, String tag, ValueNode value) {
    }

    private sealed interface ValueNode {
        record Text() implements ValueNode {
        }

        record Opaque() implements ValueNode {
        }

        record Nested(RecordPlan plan) implements ValueNode {
        }

        record Items(ValueNode item) implements ValueNode {
        }

        record Values(ValueNode value) implements ValueNode {
        }

        record Either(Schema union, List<ValueNode> branches) implements ValueNode {
            ValueNode branchFor(Object value) {
                return branches.get(GenericData.get().resolveUnion(union, value));
            }
        }
    }
}
