package dev.meshbone.contract.rules;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * The CEL environment of one contract version: {@code record} is declared as the struct type of its Avro record
 * schema (see the package documentation for how Avro types map to CEL), so a rule reading a field that does not exist
 * or comparing values of different types is refused when the contract is declared instead of failing on every record.
 * Build once per contract version and compile each rule once. Thread-safe.
 */
public final class RuleEnvironment {

    /** The variable the record is bound to. */
    public static final String RECORD = "record";

    static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true) // record.quantity (int) > 0.5 should just work
            // Records are read through CelValue structs; timestamps and bytes then stay java.time / CelByteString.
            .enableCelValue(true)
            .evaluateCanonicalTypesToNativeValues(true)
            .build();
    // The runtime does not depend on the schema: field access goes through the record views themselves.
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final RecordTypes types;
    private final CelCompiler compiler;

    private RuleEnvironment(RecordTypes types) {
        this.types = types;
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists(), map(), filter()
                .setTypeProvider(types)
                .addVar(RECORD, types.root().type())
                .setResultType(SimpleType.BOOL)
                .build();
    }

    /**
     * The environment of a contract whose records have this schema.
     *
     * @throws IllegalArgumentException when the schema is not a record schema
     */
    public static RuleEnvironment of(Schema recordSchema) {
        return new RuleEnvironment(RecordTypes.of(Objects.requireNonNull(recordSchema, "recordSchema")));
    }

    /**
     * Parses and type-checks an expression that must yield a bool. Never throws: a rule CEL does not accept comes
     * back {@link RuleCompilation.Refused} with CEL's explanation.
     */
    public RuleCompilation compile(String expression) {
        if (expression == null || expression.isBlank()) {
            return new RuleCompilation.Refused("the expression is empty");
        }
        try {
            var ast = compiler.compile(expression).getAst();
            return new RuleCompilation.Compiled(new RuleProgram(expression, types, RUNTIME.createProgram(ast)));
        } catch (CelValidationException e) {
            return new RuleCompilation.Refused(oneLine(e.getMessage()));
        } catch (CelEvaluationException | RuntimeException e) {
            return new RuleCompilation.Refused("cannot plan the expression: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ");
    }
}
