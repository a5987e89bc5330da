package dev.meshbone.governance.contract;

import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.sdk.rules.QualityRuleProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * One major version of a product's contract, compiled: parsed schema, CEL programs, protection policy. Built once
 * per announced descriptor; compatibility verdicts are cached per writer schema. Thread-safe.
 */
public final class CompiledContract {

    /** A compiled quality rule; {@code compileError} is set (and {@code program} null) when it does not compile. */
    public record Rule(String id, RuleAction action, QualityRuleProgram program, String compileError) {
    }

    private final DataProductDescriptor descriptor;
    private final Schema schema;
    private final String schemaError;
    private final List<Rule> rules;
    private final Map<String, PiiProtection> policy;
    private final Map<Long, Optional<String>> incompatibility = new ConcurrentHashMap<>();

    private CompiledContract(DataProductDescriptor descriptor, Schema schema, String schemaError, List<Rule> rules) {
        this.descriptor = descriptor;
        this.schema = schema;
        this.schemaError = schemaError;
        this.rules = rules;
        this.policy = Map.copyOf(descriptor.getPiiProtection());
    }

    /** Compiles a descriptor; a part that does not compile is kept as an error that fails records, not the app. */
    public static CompiledContract compile(DataProductDescriptor descriptor) {
        Schema schema = null;
        String schemaError = null;
        try {
            schema = new Schema.Parser().parse(descriptor.getContractSchema());
        } catch (RuntimeException e) {
            schemaError = "the contract schema does not parse: " + e.getMessage();
        }
        List<Rule> rules = new ArrayList<>();
        descriptor.getQualityRules().forEach(r -> {
            try {
                rules.add(new Rule(r.getId(), r.getAction(), QualityRuleProgram.compile(r.getExpression()), null));
            } catch (IllegalArgumentException e) {
                rules.add(new Rule(r.getId(), r.getAction(), null, e.getMessage()));
            }
        });
        return new CompiledContract(descriptor, schema, schemaError, List.copyOf(rules));
    }

    public DataProductDescriptor descriptor() {
        return descriptor;
    }

    public int majorVersion() {
        return descriptor.getMajorVersion();
    }

    public boolean retired() {
        return descriptor.getStatus() == ProductStatus.RETIRED;
    }

    public String publicTopic() {
        return descriptor.getPublicTopic();
    }

    public String groupId() {
        return descriptor.getSchemaRef().getGroupId();
    }

    public String artifactId() {
        return descriptor.getSchemaRef().getArtifactId();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The protection of a PII category; HASH when the descriptor does not name it. */
    public PiiProtection protectionOf(String category) {
        return policy.getOrDefault(category, PiiProtection.HASH);
    }

    /**
     * Why records written with {@code writer} break this contract under its compatibility mode, or empty when they
     * do not. Cached per global id: computed once per writer schema and contract version.
     */
    public Optional<String> incompatibility(long globalId, Schema writer) {
        return incompatibility.computeIfAbsent(globalId, id -> check(writer));
    }

    private Optional<String> check(Schema writer) {
        if (schema == null) {
            return Optional.of(schemaError);
        }
        CompatibilityMode mode = descriptor.getCompatibility();
        boolean backward = mode != CompatibilityMode.FORWARD && mode != CompatibilityMode.FORWARD_TRANSITIVE
                && mode != CompatibilityMode.NONE;
        boolean forward = mode == CompatibilityMode.FORWARD || mode == CompatibilityMode.FORWARD_TRANSITIVE
                || mode == CompatibilityMode.FULL || mode == CompatibilityMode.FULL_TRANSITIVE;
        if (backward) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, writer).getResult();
            if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                return Optional.of("the contract schema cannot read this writer schema (" + mode + "): "
                        + describe(result, schema));
            }
        }
        if (forward) {
            var result = SchemaCompatibility.checkReaderWriterCompatibility(writer, schema).getResult();
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
            if (current.getType() == Schema.Type.UNION && !parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit)) {
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
