package dev.meshbone.governance.contract;

import dev.meshbone.contract.pii.DataSubject;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.rules.RuleCompilation;
import dev.meshbone.contract.rules.RuleEnvironment;
import dev.meshbone.contract.rules.RuleProgram;
import dev.meshbone.contract.schema.Compatibility;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.governance.record.RecordProgram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * One major version of a product's contract, compiled: parsed schema, CEL programs, protection policy. Built once
 * per announced descriptor; compatibility verdicts are cached per writer schema. Thread-safe.
 */
public final class CompiledContract {

    /**
     * A quality rule typed against the contract schema; {@code compileError} is set (and {@code program} null) when
     * it does not compile (an announcement the SDK would have refused).
     */
    public record Rule(String id, RuleAction action, RuleProgram program, String compileError) {
    }

    private final DataProductDescriptor descriptor;
    private final Schema schema;
    private final String schemaError;
    private final List<Rule> rules;
    private final Map<String, PiiProtection> protections;
    private final Map<Long, Optional<String>> incompatibility = new ConcurrentHashMap<>();
    private final Map<Long, PersonalDataPolicy> policies = new ConcurrentHashMap<>();
    private final Map<Long, Optional<DataSubject>> subjects = new ConcurrentHashMap<>();
    private final Map<Long, RecordProgram> programs = new ConcurrentHashMap<>();

    private CompiledContract(DataProductDescriptor descriptor, Schema schema, String schemaError, List<Rule> rules) {
        this.descriptor = descriptor;
        this.schema = schema;
        this.schemaError = schemaError;
        this.rules = rules;
        this.protections = Map.copyOf(descriptor.getPiiProtection());
    }

    /** Compiles a descriptor; a part that does not compile is kept as an error that fails records, not the app. */
    public static CompiledContract compile(DataProductDescriptor descriptor) {
        Schema schema = null;
        String schemaError = null;
        try {
            schema = new Schema.Parser().parse(descriptor.getContractSchema());
            if (schema.getType() != Schema.Type.RECORD) {
                schemaError = "the contract schema is a " + schema.getType() + ", not a record";
                schema = null;
            }
        } catch (RuntimeException e) {
            schemaError = "the contract schema does not parse: " + e.getMessage();
        }
        List<Rule> rules = new ArrayList<>();
        RuleEnvironment environment = schema == null ? null : RuleEnvironment.of(schema);
        for (var r : descriptor.getQualityRules()) {
            RuleCompilation compiled = environment == null ? new RuleCompilation.Refused(schemaError)
                    : environment.compile(r.getExpression());
            rules.add(compiled instanceof RuleCompilation.Compiled c
                    ? new Rule(r.getId(), r.getAction(), c.program(), null)
                    : new Rule(r.getId(), r.getAction(), null, ((RuleCompilation.Refused) compiled).message()));
        }
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

    /**
     * Why records written with {@code writer} break this contract under its compatibility mode, or empty when they
     * do not. Cached per global id: computed once per writer schema and contract version.
     */
    public Optional<String> incompatibility(long globalId, Schema writer) {
        return incompatibility.computeIfAbsent(globalId, id -> check(writer));
    }

    private Optional<String> check(Schema writer) {
        return schema == null ? Optional.of(schemaError)
                : Compatibility.violation(descriptor.getCompatibility(), schema, writer);
    }

    /**
     * The personal-data policy for records of a writer schema (its tags, this contract's protections). Cached per
     * global id, like compatibility.
     */
    public PersonalDataPolicy policy(long globalId, Schema writer) {
        return policies.computeIfAbsent(globalId, id -> PersonalDataPolicy.of(writer, protections));
    }

    /**
     * What governance does to the bytes of a writer schema's records under this contract: the strings to scan, the
     * values to protect, and the fields to read, those the rules read and, when a value is ENCRYPTed, the data
     * subject. Cached per global id.
     */
    public RecordProgram program(long globalId, Schema writer) {
        RecordProgram program = programs.get(globalId);
        return program != null ? program : programs.computeIfAbsent(globalId, id -> {
            PersonalDataPolicy policy = policy(id, writer);
            Optional<Set<String>> read = fieldsRead();
            if (read.isPresent() && policy.encrypts()) {
                Optional<DataSubject> subject = subject(id, writer);
                Set<String> withSubject = new HashSet<>(read.get());
                subject.ifPresent(s -> withSubject.add(s.field()));
                read = Optional.of(withSubject);
            }
            return RecordProgram.compile(writer, policy, read);
        });
    }

    /** The fields the compiled rules read together; empty when one may read any. */
    private Optional<Set<String>> fieldsRead() {
        Set<String> fields = new HashSet<>();
        for (Rule rule : rules) {
            if (rule.program() != null) {
                Optional<Set<String>> read = rule.program().fieldsRead();
                if (read.isEmpty()) {
                    return Optional.empty();
                }
                fields.addAll(read.get());
            }
        }
        return Optional.of(fields);
    }

    /**
     * Who records of a writer schema are about (its {@code "pii.subject"} field), whose key ENCRYPTs their values;
     * empty when the writer schema names none (its ENCRYPTed values are then dropped). Cached per global id.
     */
    public Optional<DataSubject> subject(long globalId, Schema writer) {
        return subjects.computeIfAbsent(globalId, id -> DataSubject.of(writer));
    }
}
