package dev.meshbone.contract.celtmp;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * One compiled quality rule. The record is bound as {@code record}, a map of its fields, so rules read
 * {@code record.total >= 0.0 && record.items.size() > 0}. Compile once (it is the expensive part) and call
 * {@link #evaluate} per record; a program is immutable and thread-safe.
 */
public final class QualityRuleProgram {

    /** The variable the record is bound to. */
    public static final String RECORD = "record";

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true) // record.quantity (int) > 0.5 should just work
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists(), map(), filter()
            .addVar(RECORD, MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final String expression;
    private final CelRuntime.Program program;

    private QualityRuleProgram(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /**
     * Parses and type-checks a CEL expression that must yield a bool.
     *
     * @throws InvalidRuleException with CEL's own explanation (line, column, what is wrong)
     */
    public static QualityRuleProgram compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank()) {
            throw new InvalidRuleException("the expression is empty");
        }
        try {
            var ast = COMPILER.compile(expression).getAst();
            return new QualityRuleProgram(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new InvalidRuleException(e.getMessage().replace("\n", " "));
        } catch (CelEvaluationException e) {
            throw new InvalidRuleException("cannot plan the expression: " + e.getMessage());
        }
    }

    /** The CEL source. */
    public String expression() {
        return expression;
    }

    /** Evaluates the rule against a record. Never throws: a rule that cannot be evaluated has failed. */
    public Outcome evaluate(GenericRecord record) {
        return evaluate(AvroToCel.fields(record));
    }

    /** Evaluates the rule against a record already converted by {@link AvroToCel#fields}. */
    public Outcome evaluate(Map<String, Object> fields) {
        try {
            Object result = program.eval(Map.of(RECORD, fields));
            return Boolean.TRUE.equals(result) ? Outcome.PASSED : new Outcome(false, "the expression is false");
        } catch (CelEvaluationException | RuntimeException e) {
            return new Outcome(false, "cannot be evaluated: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public String toString() {
        return expression;
    }

    /**
     * The result of a rule on one record.
     *
     * @param passed true when the expression evaluated to true
     * @param reason why it failed (never a field value), or null when it passed
     */
    public record Outcome(boolean passed, String reason) {
        static final Outcome PASSED = new Outcome(true, null);
    }

    /** A rule that does not compile; the message is CEL's explanation. */
    public static final class InvalidRuleException extends IllegalArgumentException {
        public InvalidRuleException(String message) {
            super(message);
        }
    }
}
