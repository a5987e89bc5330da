package dev.meshbone.sdk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meshbone.schemas.BundledSchemas;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class QualityRuleProgramTest {

    private static final Schema ORDER = BundledSchemas.load(BundledSchemas.SALES_ORDERS);

    static GenericRecord order(double total, int quantity, String currency) {
        Schema itemSchema = ORDER.getField("items").schema().getElementType();
        GenericRecord item = new GenericData.Record(itemSchema);
        item.put("sku", "SKU-1");
        item.put("productName", "Trail shoe");
        item.put("quantity", quantity);
        item.put("unitPrice", 10.0);
        GenericRecord address = new GenericData.Record(ORDER.getField("shippingAddress").schema());
        address.put("street", "1 Main Street");
        address.put("city", "Lyon");
        address.put("postalCode", "69001");
        address.put("country", "FR");
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("orderId", "ORD-1");
        order.put("customerId", "C-1");
        order.put("customerEmail", "jane@example.com");
        order.put("items", List.of(item));
        order.put("total", total);
        order.put("currency", currency);
        order.put("shippingAddress", address);
        order.put("channel", new GenericData.EnumSymbol(ORDER.getField("channel").schema(), "WEB"));
        order.put("orderedAt", 1_700_000_000_000L);
        return order;
    }

    @Test
    void shouldPassAndFailOnTheRecordsFields() {
        // Given
        QualityRuleProgram rule = QualityRuleProgram.compile(
                "record.total >= 0.0 && record.items.all(i, i.quantity > 0) && record.currency in ['EUR', 'USD']");

        // When / Then
        assertThat(rule.evaluate(order(10.0, 1, "EUR")).passed()).isTrue();
        assertThat(rule.evaluate(order(-1.0, 1, "EUR")).passed()).isFalse();
        assertThat(rule.evaluate(order(10.0, 0, "EUR")).passed()).isFalse();
        assertThat(rule.evaluate(order(10.0, 1, "GBP")).reason()).isEqualTo("the expression is false");
    }

    @Test
    void shouldSeeNestedRecordsEnumsAndCompareIntsWithDoubles() {
        QualityRuleProgram rule = QualityRuleProgram.compile(
                "record.shippingAddress.country.size() == 2 && record.channel == 'WEB' && record.items[0].quantity < 1.5");

        assertThat(rule.evaluate(order(10.0, 1, "EUR")).passed()).isTrue();
    }

    @Test
    void shouldFailWithAReasonWhenAFieldDoesNotExist() {
        // Given
        QualityRuleProgram rule = QualityRuleProgram.compile("record.totl > 0.0");

        // When
        QualityRuleProgram.Outcome outcome = rule.evaluate(order(10.0, 1, "EUR"));

        // Then
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).startsWith("cannot be evaluated").contains("totl");
    }

    @Test
    void shouldHandleNullFields() {
        QualityRuleProgram rule = QualityRuleProgram.compile("record.phone == null || record.phone.startsWith('+')");

        assertThat(rule.evaluate(Map.of("phone", AvroToCel.value(null))).passed()).isTrue();
        assertThat(rule.evaluate(Map.of("phone", "+33 6 12 34 56 78")).passed()).isTrue();
        assertThat(rule.evaluate(Map.of("phone", "06 12")).passed()).isFalse();
    }

    @Test
    void shouldRefuseExpressionsThatDoNotCompileWithCelsExplanation() {
        assertThatThrownBy(() -> QualityRuleProgram.compile("record.total >= "))
                .isInstanceOf(QualityRuleProgram.InvalidRuleException.class)
                .hasMessageContaining("mismatched input");
        assertThatThrownBy(() -> QualityRuleProgram.compile("record.total + 1"))
                .isInstanceOf(QualityRuleProgram.InvalidRuleException.class);
        assertThatThrownBy(() -> QualityRuleProgram.compile("  "))
                .hasMessage("the expression is empty");
    }

    @Test
    void shouldRefuseNonBooleanExpressions() {
        assertThatThrownBy(() -> QualityRuleProgram.compile("'yes'"))
                .isInstanceOf(QualityRuleProgram.InvalidRuleException.class)
                .hasMessageContaining("bool");
    }
}
