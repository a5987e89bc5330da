package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RuleEnvironmentTest {

    private final RuleEnvironment environment = RuleEnvironment.of(Shipments.SHIPMENT);

    private String refusal(String expression) {
        RuleCompilation compilation = environment.compile(expression);
        assertThat(compilation).as(expression).isInstanceOf(RuleCompilation.Refused.class);
        return ((RuleCompilation.Refused) compilation).message();
    }

    @Test
    void shouldCompileRulesOverEveryType() {
        // Given
        String[] expressions = {
                "record.id == 'x'", "record.quantity > 0", "record.quantity > 0.5", "record.count >= 1",
                "record.total >= 0.0", "record.ratio < 1.0", "record.paid", "record.status == 'PAID'",
                "record.note == null", "has(record.note)", "record.note.startsWith('+')",
                "record.discount == null || record.discount > 1", "record.discount > 1",
                "record.createdAt > timestamp('2024-01-01T00:00:00Z')", "record.updatedAt > record.createdAt",
                "record.localAt < timestamp('2030-01-01T00:00:00Z')",
                "record.shipDate >= timestamp('2024-03-01T00:00:00Z')", "record.amount > 100.0",
                "record.ref.size() == 36", "record.payload == b'\\x01\\x02\\x03'", "record.hash.size() == 4",
                "'gift' in record.tags", "record.attributes['carrier'] == 'DHL'", "'carrier' in record.attributes",
                "record.items.all(i, i.quantity > 0)", "record.items.exists(i, i.sku == 'SKU-1')",
                "record.items.map(i, i.quantity).size() == 2", "record.items.filter(i, i.quantity > 1).size() == 1",
                "record.address.country.size() == 2", "record.billing == null", "has(record.billing)",
                "!has(record.billing) || record.billing.city != ''", "record.deliveredAt == null",
                "record.anything == 'text'", "record.currency in ['EUR', 'USD']"};

        for (String expression : expressions) {
            // When
            RuleCompilation compilation = environment.compile(expression);

            // Then
            assertThat(compilation).as(expression).isInstanceOf(RuleCompilation.Compiled.class);
            assertThat(((RuleCompilation.Compiled) compilation).program().expression()).isEqualTo(expression);
        }
    }

    @Test
    void shouldRefuseRuleReadingAMissingField() {
        // When
        String message = refusal("record.totl > 0.0");

        // Then
        assertThat(message).contains("undefined field 'totl'").contains("1:7").doesNotContain("\n");
    }

    @Test
    void shouldRefuseRuleComparingIntWithString() {
        assertThat(refusal("record.quantity == \"x\""))
                .contains("no matching overload for '_==_' applied to '(int, string)'");
    }

    @Test
    void shouldRefuseRuleComparingEnumOrNullableIntWithTheWrongType() {
        assertThat(refusal("record.status == 1")).contains("'_==_'").contains("(string, int)");
        assertThat(refusal("record.discount > 'x'")).contains("'_>_'");
    }

    @Test
    void shouldRefuseRuleReadingAWrongNestedField() {
        assertThat(refusal("record.address.zip == '69001'")).contains("undefined field 'zip'");
        assertThat(refusal("record.items.all(i, i.qty > 0)")).contains("undefined field 'qty'");
        assertThat(refusal("record.billing.street == ''")).contains("undefined field 'street'");
    }

    @Test
    void shouldRefuseRuleWhoseResultIsNotABool() {
        assertThat(refusal("record.total + 1.0")).contains("bool").contains("double");
        assertThat(refusal("'yes'")).contains("bool");
    }

    @Test
    void shouldRefuseRuleThatDoesNotParseWithCelsPositionOnOneLine() {
        assertThat(refusal("record.total >= ")).contains("mismatched input").contains("1:").doesNotContain("\n");
        assertThat(refusal("  ")).isEqualTo("the expression is empty");
        assertThat(refusal(null)).isEqualTo("the expression is empty");
    }

    @Test
    void shouldCompileRulesOverRecursiveRecords() {
        // Given
        RuleEnvironment nodes = RuleEnvironment.of(Shipments.NODE);

        // When
        RuleCompilation deep = nodes.compile("record.next.next.name == 'c' && record.children.all(c, c.children.size() == 0)");
        RuleCompilation wrong = nodes.compile("record.next.next.nam == 'c'");

        // Then
        assertThat(deep).isInstanceOf(RuleCompilation.Compiled.class);
        assertThat(wrong).isInstanceOf(RuleCompilation.Refused.class);
        assertThat(((RuleCompilation.Refused) wrong).message()).contains("undefined field 'nam'");
    }

    @Test
    void shouldRefuseASchemaThatIsNotARecord() {
        assertThatThrownBy(() -> RuleEnvironment.of(Schema.create(Schema.Type.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record schema");
    }
}
