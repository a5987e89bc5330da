package dev.meshbone.contract.rules;

import dev.cel.common.CelErrorCode;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * One compiled quality rule, made by {@link RuleEnvironment#compile}. Immutable and thread-safe: compile once, then
 * call {@link #evaluate} for every record.
 */
public final class RuleProgram {

    private final String expression;
    private final RecordTypes types;
    private final CelRuntime.Program program;
    private final Optional<Set<String>> fieldsRead;
    private final DirectRule direct;

    RuleProgram(String expression, RecordTypes types, CelRuntime.Program program, Optional<Set<String>> fieldsRead,
                Optional<DirectRule> direct) {
        this.expression = expression;
        this.types = types;
        this.program = program;
        this.fieldsRead = fieldsRead;
        this.direct = direct.orElse(null);
    }

    /** The CEL source. */
    public String expression() {
        return expression;
    }

    /**
     * The top-level fields of the record the rule reads (by name), or empty when it may read any: a record in
     * which only these fields are set evaluates as the whole record does.
     */
    public Optional<Set<String>> fieldsRead() {
        return fieldsRead;
    }

    /**
     * Evaluates the rule against a record of the contract's schema or of a compatible writer schema (fields are found
     * by name; one the writer lacks reads as its contract default). Only the fields the expression reads are
     * converted; a comparison of fields with constants is answered without CEL's interpreter when the values allow
     * ({@link DirectRule}), always as CEL answers. Never throws: a rule that cannot be evaluated has failed.
     */
    public RuleOutcome evaluate(GenericRecord record) {
        return evaluate(record, true);
    }

    /** {@link #evaluate} by CEL's interpreter alone: what the direct path must agree with. */
    RuleOutcome evaluateWithCel(GenericRecord record) {
        return evaluate(record, false);
    }

    private RuleOutcome evaluate(GenericRecord record, boolean directly) {
        if (record == null) {
            return new RuleOutcome(false, "cannot be evaluated: no record");
        }
        try {
            RecordView view = new RecordView(types.root(), record);
            Boolean answer = directly && direct != null ? direct.test(view) : null;
            if (answer != null) {
                return answer ? RuleOutcome.PASSED : RuleOutcome.FALSE;
            }
            Optional<Object> bound = Optional.of(view);
            Object result = program.eval(name -> RuleEnvironment.RECORD.equals(name) ? bound : Optional.empty());
            return Boolean.TRUE.equals(result) ? RuleOutcome.PASSED : RuleOutcome.FALSE;
        } catch (CelEvaluationException e) {
            return new RuleOutcome(false, "cannot be evaluated: " + describe(e.getErrorCode()));
        } catch (RuntimeException e) {
            return new RuleOutcome(false, "cannot be evaluated: " + e.getClass().getSimpleName());
        }
    }

    /** True when the rule has a direct path (a test's question). */
    boolean direct() {
        return direct != null;
    }

    /** CEL's messages may quote the values involved (a missing map key, say); its error code never does. */
    private static String describe(CelErrorCode code) {
        return code == null ? "internal error" : code.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    @Override
    public String toString() {
        return expression;
    }
}
