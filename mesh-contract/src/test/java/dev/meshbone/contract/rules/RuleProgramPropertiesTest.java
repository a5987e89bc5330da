package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.generic.GenericRecord;

class RuleProgramPropertiesTest {

    private static final RuleEnvironment ENVIRONMENT = RuleEnvironment.of(Shipments.SHIPMENT);
    private static final RuleProgram NON_NEGATIVE_QUANTITY = program("record.quantity >= 0");
    private static final RuleProgram TOTAL_ABOVE_QUANTITY = program("record.total > record.quantity");

    private static RuleProgram program(String expression) {
        return ((RuleCompilation.Compiled) ENVIRONMENT.compile(expression)).program();
    }

    @Property
    void shouldPassExactlyWhenTheIntIsNotNegative(@ForAll int quantity) {
        // Given
        GenericRecord shipment = Shipments.shipment();
        shipment.put("quantity", quantity);

        // When
        RuleOutcome outcome = NON_NEGATIVE_QUANTITY.evaluate(shipment);

        // Then
        assertThat(outcome.passed()).isEqualTo(quantity >= 0);
    }

    @Property
    void shouldCompareDoublesWithIntsAsJavaDoes(@ForAll double total, @ForAll int quantity) {
        // Given
        GenericRecord shipment = Shipments.shipment();
        shipment.put("total", total);
        shipment.put("quantity", quantity);

        // When
        RuleOutcome outcome = TOTAL_ABOVE_QUANTITY.evaluate(shipment);

        // Then
        assertThat(outcome.passed()).isEqualTo(total > quantity);
    }
}
