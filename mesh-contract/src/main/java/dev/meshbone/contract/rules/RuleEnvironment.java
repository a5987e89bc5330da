package dev.meshbone.contract.rules;

import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
            return new RuleCompilation.Compiled(new RuleProgram(expression, types, RUNTIME.createProgram(ast),
                    fieldsRead(ast.getExpr()), DirectRule.of(ast.getExpr(), types.root())));
        } catch (CelValidationException e) {
            return new RuleCompilation.Refused(oneLine(e.getMessage()));
        } catch (CelEvaluationException | RuntimeException e) {
            return new RuleCompilation.Refused("cannot plan the expression: " + oneLine(e.getMessage()));
        }
    }

    /**
     * The top-level fields of {@code record} the expression selects, or empty when it uses the record otherwise
     * (passes it whole, or declares a variable of the same name): then every field may be read.
     */
    static Optional<Set<String>> fieldsRead(CelExpr expr) {
        Set<String> fields = new TreeSet<>();
        for (CelNavigableExpr node : (Iterable<CelNavigableExpr>) CelNavigableExpr.fromExpr(expr).allNodes()::iterator) {
            if (node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION
                    && (RECORD.equals(node.expr().comprehension().iterVar())
                    || RECORD.equals(node.expr().comprehension().iterVar2())
                    || RECORD.equals(node.expr().comprehension().accuVar()))) {
                return Optional.empty();
            }
            if (node.getKind() != CelExpr.ExprKind.Kind.IDENT || !RECORD.equals(node.expr().ident().name())) {
                continue;
            }
            Optional<CelNavigableExpr> parent = node.parent();
            if (parent.isEmpty() || parent.get().getKind() != CelExpr.ExprKind.Kind.SELECT
                    || parent.get().expr().select().operand().id() != node.id()) {
                return Optional.empty();
            }
            fields.add(parent.get().expr().select().field());
        }
        return Optional.of(Collections.unmodifiableSet(fields));
    }

    private static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ");
    }
}
