package dev.meshbone.contract.rules;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.BoolValue;
import dev.cel.common.values.DoubleValue;
import dev.cel.common.values.IntValue;
import dev.cel.common.values.StringValue;
import java.util.List;
import java.util.Optional;

/**
 * The rules most contracts hold ({@code record.total >= 0.0}, {@code record.status != 'CANCELLED' &&
 * record.quantity > 0}) evaluated without CEL's interpreter, whose function dispatch costs more than the comparison:
 * comparisons of a top-level field with a constant of the same CEL type, joined by {@code &&}, {@code ||} and
 * {@code !}. A record whose value is of another type, null, NaN or a signed zero makes {@link #test} answer null,
 * and CEL evaluates the rule: the answer is always CEL's.
 */
final class DirectRule {

    /** One node: TRUE, FALSE, or null when CEL must answer. */
    private interface Node {
        Boolean test(RecordView record);
    }

    private final Node root;

    private DirectRule(Node root) {
        this.root = root;
    }

    /** The rule, when its checked expression is of that shape. */
    static Optional<DirectRule> of(CelExpr expr, RecordLayout layout) {
        return Optional.ofNullable(node(expr, layout)).map(DirectRule::new);
    }

    /** The rule's result on a record, or null when CEL must evaluate it. */
    Boolean test(RecordView record) {
        return root.test(record);
    }

    private static Node node(CelExpr expr, RecordLayout layout) {
        return switch (expr.exprKind().getKind()) {
            case CONSTANT -> expr.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE
                    ? constant(expr.constant().booleanValue()) : null;
            case SELECT -> {
                int field = field(expr, layout);
                yield field < 0 ? null : r -> r.read(field) instanceof BoolValue b ? b.value() : null;
            }
            case CALL -> call(expr.call().function(), expr.call().args(), layout);
            default -> null;
        };
    }

    private static Node constant(boolean value) {
        Boolean result = value;
        return r -> result;
    }

    private static Node call(String function, List<CelExpr> args, RecordLayout layout) {
        if (function.equals("!_") && args.size() == 1) {
            Node inner = node(args.get(0), layout);
            return inner == null ? null : r -> {
                Boolean v = inner.test(r);
                return v == null ? null : !v;
            };
        }
        if (args.size() != 2) {
            return null;
        }
        if (function.equals("_&&_") || function.equals("_||_")) {
            Node left = node(args.get(0), layout);
            Node right = node(args.get(1), layout);
            if (left == null || right == null) {
                return null;
            }
            boolean and = function.equals("_&&_");
            return r -> {
                Boolean a = left.test(r);
                Boolean b = right.test(r);
                return a == null || b == null ? null : and ? a && b : a || b;
            };
        }
        Comparison op = Comparison.of(function);
        if (op == null) {
            return null;
        }
        int field = field(args.get(0), layout);
        CelExpr constant = args.get(1);
        if (field < 0) { // the constant on the left: the comparison mirrored
            field = field(args.get(1), layout);
            constant = args.get(0);
            op = op.mirrored();
        }
        if (field < 0 || constant.exprKind().getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return null;
        }
        return comparison(field, op, constant.constant());
    }

    private static Node comparison(int field, Comparison op, CelConstant constant) {
        return switch (constant.getKind()) {
            case INT64_VALUE -> {
                long c = constant.int64Value();
                yield r -> r.read(field) instanceof IntValue v ? op.holds(Long.compare(v.longValue(), c)) : null;
            }
            case DOUBLE_VALUE -> {
                double c = constant.doubleValue();
                if (Double.isNaN(c) || c == 0.0 && 1 / c < 0) {
                    yield null;
                }
                yield r -> r.read(field) instanceof DoubleValue v && !Double.isNaN(v.doubleValue())
                        && v.doubleValue() != 0.0 ? op.holds(Double.compare(v.doubleValue(), c)) : null;
            }
            // Strings order by code point in CEL, by UTF-16 unit in Java: only equality is direct.
            case STRING_VALUE -> {
                String c = constant.stringValue();
                yield op == Comparison.EQ || op == Comparison.NE
                        ? r -> r.read(field) instanceof StringValue v ? op.holds(v.value().equals(c) ? 0 : 1) : null
                        : null;
            }
            case BOOLEAN_VALUE -> {
                boolean c = constant.booleanValue();
                yield op == Comparison.EQ || op == Comparison.NE
                        ? r -> r.read(field) instanceof BoolValue v ? op.holds(v.value() == c ? 0 : 1) : null
                        : null;
            }
            default -> null;
        };
    }

    /** The contract field selected by {@code record.<field>}, or -1 when the expression is not that. */
    private static int field(CelExpr expr, RecordLayout layout) {
        if (expr.exprKind().getKind() != CelExpr.ExprKind.Kind.SELECT || expr.select().testOnly()) {
            return -1;
        }
        CelExpr operand = expr.select().operand();
        if (operand.exprKind().getKind() != CelExpr.ExprKind.Kind.IDENT
                || !RuleEnvironment.RECORD.equals(operand.ident().name())) {
            return -1;
        }
        return layout.index(expr.select().field());
    }

    private enum Comparison {
        EQ, NE, LT, LE, GT, GE;

        static Comparison of(String function) {
            return switch (function) {
                case "_==_" -> EQ;
                case "_!=_" -> NE;
                case "_<_" -> LT;
                case "_<=_" -> LE;
                case "_>_" -> GT;
                case "_>=_" -> GE;
                default -> null;
            };
        }

        Comparison mirrored() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }

        /** Whether the comparison holds for {@code compare(field, constant)}. */
        boolean holds(int compared) {
            return switch (this) {
                case EQ -> compared == 0;
                case NE -> compared != 0;
                case LT -> compared < 0;
                case LE -> compared <= 0;
                case GT -> compared > 0;
                case GE -> compared >= 0;
            };
        }
    }
}
