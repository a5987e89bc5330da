package dev.meshbone.contract.schema;

import dev.meshbone.events.CompatibilityMode;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Whether records of a writer schema keep a contract, under the contract's compatibility mode. */
public final class Compatibility {

    private Compatibility() {
    }

    /**
     * Why records written with {@code writer} break a contract whose schema is {@code contract}, or empty when they
     * do not. BACKWARD modes: the contract schema must read the writer's data; FORWARD modes: the writer schema must
     * read the contract's; FULL: both; NONE: anything goes. Against one contract schema the transitive modes are the
     * same check (the registry checks transitivity across versions when a schema is registered).
     */
    public static Optional<String> violation(CompatibilityMode mode, Schema contract, Schema writer) {
        boolean backward = mode != CompatibilityMode.FORWARD && mode != CompatibilityMode.FORWARD_TRANSITIVE
                && mode != CompatibilityMode.NONE;
        boolean forward = mode == CompatibilityMode.FORWARD || mode == CompatibilityMode.FORWARD_TRANSITIVE
                || mode == CompatibilityMode.FULL || mode == CompatibilityMode.FULL_TRANSITIVE;
        if (backward) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(contract, writer).getResult();
            if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                return Optional.of("the contract schema cannot read this writer schema (" + mode + "): "
                        + describe(result, contract));
            }
        }
        if (forward) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(writer, contract).getResult();
            if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                return Optional.of("this writer schema cannot read data of the contract schema (" + mode + "): "
                        + describe(result, writer));
            }
        }
        return Optional.empty();
    }

    private static String describe(SchemaCompatibility.SchemaCompatibilityResult result, Schema reader) {
        return result.getIncompatibilities().stream()
                .map(i -> i.getType() + " at field " + fieldPath(reader, i.getLocation())
                        + (i.getMessage() == null ? "" : " (" + i.getMessage() + ")"))
                .reduce((a, b) -> a + "; " + b).orElse("incompatible");
    }

    /** Turns Avro's location ({@code /fields/4/type}) into field names ({@code total}). */
    static String fieldPath(Schema root, String location) {
        StringBuilder path = new StringBuilder();
        Schema current = root;
        String[] parts = location.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (current == null) {
                break;
            }
            if (current.getType() == Schema.Type.UNION && !parts[i].isEmpty()
                    && parts[i].chars().allMatch(Character::isDigit)) {
                current = current.getTypes().get(Integer.parseInt(parts[i]));
            } else if ("fields".equals(parts[i]) && i + 1 < parts.length && current.getType() == Schema.Type.RECORD) {
                Schema.Field field = current.getFields().get(Integer.parseInt(parts[++i]));
                path.append(path.length() == 0 ? "" : ".").append(field.name());
                current = field.schema();
            } else if ("items".equals(parts[i]) && current.getType() == Schema.Type.ARRAY) {
                current = current.getElementType();
                path.append("[]");
            } else if ("values".equals(parts[i]) && current.getType() == Schema.Type.MAP) {
                current = current.getValueType();
                path.append("{}");
            }
        }
        return path.length() == 0 ? location : path.toString();
    }
}
