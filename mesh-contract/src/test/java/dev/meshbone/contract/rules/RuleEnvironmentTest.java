package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuleEnvironmentTest {

    private final RuleEnvironment environment = RuleEnvironment.of(Shipments.SHIPMENT);

    private RuleCompilation compile(String expression) {
        return environment.compile(expression);
    }

    private String refusal(String expression) {
        RuleCompilation compilation = compile(expression);
        assertThat(compilation).as(expression).isInstanceOf(RuleCompilation.Refused.class);
        return ((RuleCompilation.Refused) compilation).message();
    }

    @Test
    void shouldCompileRulesOverEveryType() {
        for (String expression : new String[] {
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
                "record.anything == 'text'", "record.currency in ['EUR', 'USD']"}) {
            assertThat(compile(expression)).as(expression).isInstanceOf(RuleCompilation.Compiled.class);
        }
    }

    @Test
    void shouldRefuseRuleReadingAMissingField() {
        assertThat(refusal("record.totl > 0.0")).contains("undefined field 'totl'");
    }
}
