package dev.meshbone.governance.pii;

import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.PiiTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * What governance does to records of one writer schema, worked out once from the schema's {@code pii} tags: which
 * untagged string fields to scan for personal data, and which tagged fields to protect. Immutable and thread-safe;
 * records are visited without reflection or per-record schema walks.
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
            nodes.add(new FieldNode(field.pos(), path, field, field.getProp(PiiTags.PROPERTY),
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
     * Protects every tagged field in place. {@code policy} gives the protection of a category; a tagged field that
     * is not a string cannot hold a token, so MASK, HASH and ENCRYPT fall back to DROP for it.
     */
    public void protect(GenericRecord record, Function<String, PiiProtection> policy, Protection protection,
                        byte[] encryptionKey) {
        for (FieldNode f : fields) {
            Object value = record.get(f.pos);
            if (value == null) {
                continue;
            }
            if (f.isPersonal()) {
                PiiProtection how = policy.apply(f.tag.toUpperCase(java.util.Locale.ROOT));
                if (how == PiiProtection.ENCRYPT && encryptionKey == null) {
                    how = PiiProtection.DROP; // no key configured: never let the clear value through
                }
                Object protectedValue = how == PiiProtection.DROP ? null
                        : protectValue(f.value, value, how, f.tag, protection, encryptionKey);
                record.put(f.pos, protectedValue == DROPPED || how == PiiProtection.DROP ? dropped(f.field)
                        : protectedValue);
            } else if (f.tag == null) {
                protectNested(f.value, value, policy, protection, encryptionKey);
            }
        }
    }

    private static final Object DROPPED = new Object();

    private static Object protectValue(ValueNode node, Object value, PiiProtection how, String category,
                                       Protection protection, byte[] key) {
        if (value == null) {
            return null;
        }
        if (node instanceof ValueNode.Text) {
            return protection.protect(how, value.toString(), category, key);
        }
        if (node instanceof ValueNode.Items items && items.item instanceof ValueNode.Text) {
            List<Object> out = new ArrayList<>();
            for (Object item : (List<?>) value) {
                out.add(protectValue(items.item, item, how, category, protection, key));
            }
            return out;
        }
        if (node instanceof ValueNode.Values values && values.value instanceof ValueNode.Text) {
            Map<Object, Object> out = new java.util.HashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(k, protectValue(values.value, v, how, category, protection,
                    key)));
            return out;
        }
        if (node instanceof ValueNode.Either either) {
            return protectValue(either.branchFor(value), value, how, category, protection, key);
        }
        if (node instanceof ValueNode.Nested nested) {
            // A tagged record: every string inside carries the tag's category.
            GenericRecord record = (GenericRecord) value;
            for (FieldNode f : nested.plan.fields) {
                Object inner = protectValue(f.value, record.get(f.pos), how, category, protection, key);
                record.put(f.pos, inner == DROPPED ? dropped(f.field) : inner);
            }
            return record;
        }
        return DROPPED;
    }

    private void protectNested(ValueNode node, Object value, Function<String, PiiProtection> policy,
                               Protection protection, byte[] key) {
        if (value == null) {
            return;
        }
        if (node instanceof ValueNode.Nested nested) {
            nested.plan.protect((GenericRecord) value, policy, protection, key);
        } else if (node instanceof ValueNode.Items items) {
            for (Object item : (List<?>) value) {
                protectNested(items.item, item, policy, protection, key);
            }
        } else if (node instanceof ValueNode.Values values) {
            for (Object v : ((Map<?, ?>) value).values()) {
                protectNested(values.value, v, policy, protection, key);
            }
        } else if (node instanceof ValueNode.Either either) {
            protectNested(either.branchFor(value), value, policy, protection, key);
        }
    }

    /** DROP: null where the schema allows it, else the field's default, else the type's empty value. */
    static Object dropped(Schema.Field field) {
        Schema schema = field.schema();
        if (PiiTags.unwrapNullable(schema) != schema || schema.getType() == Schema.Type.NULL
                || (schema.getType() == Schema.Type.UNION && schema.getTypes().stream()
                .anyMatch(s -> s.getType() == Schema.Type.NULL))) {
            return null;
        }
        if (field.hasDefaultValue() && field.defaultVal() != JsonProperties.NULL_VALUE) {
            return GenericData.get().deepCopy(schema, GenericData.get().getDefaultValue(field));
        }
        return switch (schema.getType()) {
            case STRING -> "";
            case INT -> 0;
            case LONG -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            case BOOLEAN -> false;
            case ARRAY -> new ArrayList<>();
            case MAP -> new java.util.HashMap<>();
            case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
            case BYTES -> java.nio.ByteBuffer.allocate(0);
            default -> throw new IllegalStateException("cannot DROP field " + field.name() + " of type "
                    + schema.getType() + ": give it a default or make it nullable");
        };
    }

    private record FieldNode(int pos, String path, Schema.Field field, String tag, ValueNode value) {
        boolean isPersonal() {
            return tag != null && !PiiTags.NOT_PERSONAL.equalsIgnoreCase(tag);
        }
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
