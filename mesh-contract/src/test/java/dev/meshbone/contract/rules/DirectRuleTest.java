package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The direct path answers as CEL does: random comparisons of fields of every scalar type (nullable ones and a union
 * too) with constants, joined by {@code &&}, {@code ||} and {@code !}, on records holding edge values (NaN, signed
 * zeros, extremes, nulls).
 */
class DirectRuleTest {

    private static final RuleEnvironment ENVIRONMENT = RuleEnvironment.of(Shipments.SHIPMENT);

    @Property(tries = 3_000)
    void shouldAnswerAsCelDoes(@ForAll("expressions") String expression, @ForAll("records") GenericRecord record) {
        RuleCompilation compiled = ENVIRONMENT.compile(expression);
        Assume.that(compiled instanceof RuleCompilation.Compiled);
        RuleProgram program = ((RuleCompilation.Compiled) compiled).program();

        assertThat(program.evaluate(record)).as(expression).isEqualTo(program.evaluateWithCel(record));
    }

    @Test
    void shouldTakeTheDirectPathForComparisonsWithConstantsOnly() {
        assertThat(program("record.total >= 0.0").direct()).isTrue();
        assertThat(program("0 < record.quantity && (record.status == 'PAID' || !record.paid)").direct()).isTrue();
        assertThat(program("record.total > record.quantity").direct()).isFalse();
        assertThat(program("record.tags.size() > 0").direct()).isFalse();
    }

    private static RuleProgram program(String expression) {
        return ((RuleCompilation.Compiled) ENVIRONMENT.compile(expression)).program();
    }

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> field = Arbitraries.of("record.quantity", "record.count", "record.total", "record.ratio",
                "record.paid", "record.status", "record.id", "record.note", "record.discount", "record.anything",
                "record.currency");
        Arbitrary<String> constant = Arbitraries.of("0", "-1", "3", "1099511627776", "0.0", "-0.0", "1.5", "-2.5",
                "1e308", "'PAID'", "'OPEN'", "''", "'x'", "true", "false");
        Arbitrary<String> op = Arbitraries.of("==", "!=", "<", "<=", ">", ">=");
        Arbitrary<String> comparison = Combinators.combine(field, op, constant, Arbitraries.of(true, false))
                .as((f, o, c, flip) -> flip ? c + " " + o + " " + f : f + " " + o + " " + c);
        return Arbitraries.recursive(() -> comparison, inner -> Arbitraries.oneOf(
                Combinators.combine(inner, inner).as((a, b) -> "(" + a + ") && (" + b + ")"),
                Combinators.combine(inner, inner).as((a, b) -> "(" + a + ") || (" + b + ")"),
                inner.map(a -> "!(" + a + ")"),
                Arbitraries.of("record.paid", "true")), 0, 3);
    }

    @Provide
    Arbitrary<GenericRecord> records() {
        Arbitrary<Integer> ints = Arbitraries.oneOf(Arbitraries.of(0, -1, 3, Integer.MIN_VALUE, Integer.MAX_VALUE),
                Arbitraries.integers());
        Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.of(0.0, -0.0, 1.5, -2.5, Double.NaN,
                Double.POSITIVE_INFINITY, Double.MAX_VALUE), Arbitraries.doubles());
        Arbitrary<Object> anything = Arbitraries.oneOf(Arbitraries.of("PAID", "x"), Arbitraries.longs().map(l -> l));
        return Combinators.combine(ints, Arbitraries.longs(), doubles, doubles, Arbitraries.of(true, false),
                Arbitraries.of("OPEN", "PAID"), Arbitraries.of("PAID", "", "x").injectNull(0.3),
                ints.injectNull(0.3)).as((q, c, t, r, paid, status, note, discount) -> {
                    GenericRecord s = Shipments.shipment();
                    s.put("quantity", q);
                    s.put("count", c);
                    s.put("total", t);
                    s.put("ratio", r.floatValue());
                    s.put("paid", paid);
                    s.put("status", new org.apache.avro.generic.GenericData.EnumSymbol(
                            Shipments.SHIPMENT.getField("status").schema(), status));
                    s.put("note", note);
                    s.put("discount", discount);
                    return s;
                }).flatMap(s -> anything.map(a -> {
                    s.put("anything", a);
                    return s;
                }));
    }
}
