package dev.meshbone.contract.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.schemas.BundledSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class RuleProgramTest {

    private static final RuleOutcome PASSED = new RuleOutcome(true, null);
    private static final RuleOutcome FALSE = new RuleOutcome(false, "the expression is false");

    /** A Java enum standing for the schema's Status, as specific records carry it. */
    enum Status { OPEN, PAID }

    private final RuleEnvironment environment = RuleEnvironment.of(Shipments.SHIPMENT);

    private static RuleProgram rule(RuleEnvironment environment, String expression) {
        RuleCompilation compilation = environment.compile(expression);
        assertThat(compilation).as(expression).isInstanceOf(RuleCompilation.Compiled.class);
        return ((RuleCompilation.Compiled) compilation).program();
    }

    private RuleOutcome evaluate(String expression, GenericRecord record) {
        return rule(environment, expression).evaluate(record);
    }

    @Test
    void shouldPassRulesOverEveryTypeOnAGenericRecord() {
        // Given
        GenericRecord shipment = Shipments.shipment();
        String[] expressions = {
                "record.id == 'SHP-1'", "record.quantity == 3", "record.quantity > 2.5", "record.count == 7",
                "record.total == 42.5", "record.ratio == 0.5", "record.paid", "record.status == 'PAID'",
                "record.note == null", "!has(record.note)", "record.discount == null || record.discount > 1",
                "record.createdAt == timestamp('2024-03-01T10:00:00Z')",
                "record.updatedAt == timestamp('2024-03-01T10:00:00.000001Z')",
                "record.localAt == timestamp('2024-03-01T10:00:00Z')",
                "record.shipDate == timestamp('2024-03-01T00:00:00Z')", "record.shipDate.getFullYear() == 2024",
                "record.amount == 123.45", "record.ref.size() == 36", "record.payload == b'\\x01\\x02\\x03'",
                "record.hash == b'\\x09\\x09\\x09\\x09'", "'gift' in record.tags", "record.tags.size() == 2",
                "record.attributes['carrier'] == 'DHL'", "has(record.attributes.carrier)",
                "record.items.all(i, i.quantity > 0)", "record.items.exists(i, i.sku == 'SKU-2')",
                "record.items.map(i, i.quantity).size() == 2", "record.items.filter(i, i.quantity > 1).size() == 1",
                "record.items[0].quantity < 1.5", "record.address.country == 'FR'", "has(record.address)",
                "record.billing == null", "!has(record.billing)", "record.deliveredAt == null",
                "record.anything == 'text'", "record.currency in ['EUR', 'USD']"};

        for (String expression : expressions) {
            // When
            RuleOutcome outcome = evaluate(expression, shipment);

            // Then
            assertThat(outcome).as(expression).isEqualTo(PASSED);
        }
    }

    @Test
    void shouldNameTheFieldsARuleReadsAndEvaluateAlikeOnARecordHoldingOnlyThose() {
        // Given
        GenericRecord shipment = Shipments.shipment();
        Map<String, java.util.Optional<java.util.Set<String>>> expected = Map.of(
                "record.total == 42.5", java.util.Optional.of(java.util.Set.of("total")),
                "record.quantity > 2 && record.address.country == 'FR'",
                java.util.Optional.of(java.util.Set.of("quantity", "address")),
                "!has(record.note) || record.note != ''", java.util.Optional.of(java.util.Set.of("note")),
                "record.items.all(i, i.quantity > 0) && 'gift' in record.tags",
                java.util.Optional.of(java.util.Set.of("items", "tags")),
                "[record][0].total > 0.0", java.util.Optional.empty(),
                "[1].exists(record, record > 0)", java.util.Optional.empty(),
                "true", java.util.Optional.of(java.util.Set.of()));

        expected.forEach((expression, fields) -> {
            // When
            RuleProgram program = rule(environment, expression);

            // Then
            assertThat(program.fieldsRead()).as(expression).isEqualTo(fields);
            GenericRecord only = new GenericData.Record(shipment.getSchema());
            fields.orElseGet(() -> shipment.getSchema().getFields().stream().map(Schema.Field::name)
                    .collect(java.util.stream.Collectors.toSet())).forEach(f -> only.put(f, shipment.get(f)));
            assertThat(program.evaluate(only)).as(expression).isEqualTo(program.evaluate(shipment));
        });
    }

    @Test
    void shouldFailRulesOverEveryTypeWhenTheExpressionIsFalse() {
        // Given
        GenericRecord shipment = Shipments.shipment();
        String[] expressions = {
                "record.id == 'SHP-2'", "record.quantity > 3", "record.quantity > 3.5", "record.count < 7",
                "record.total < 0.0", "record.ratio > 0.5", "!record.paid", "record.status == 'OPEN'",
                "has(record.note)", "record.discount != null",
                "record.createdAt > timestamp('2024-03-01T10:00:00Z')", "record.updatedAt <= record.createdAt",
                "record.shipDate > timestamp('2024-03-01T00:00:00Z')", "record.amount > 123.45",
                "record.payload == b''", "'lost' in record.tags", "'price' in record.attributes",
                "record.items.all(i, i.quantity > 1)", "record.items.exists(i, i.sku == 'SKU-3')",
                "record.address.city == 'Paris'", "has(record.billing)", "has(record.deliveredAt)",
                "record.anything == 'other'"};

        for (String expression : expressions) {
            // When
            RuleOutcome outcome = evaluate(expression, shipment);

            // Then
            assertThat(outcome).as(expression).isEqualTo(FALSE);
        }
    }

    @Test
    void shouldReadNullableFieldsOnceSet() {
        // Given
        GenericRecord shipment = Shipments.shipment();
        shipment.put("note", "+33 6 12 34 56 78");
        shipment.put("discount", 5);
        shipment.put("billing", Shipments.address("Paris", "FR"));
        shipment.put("deliveredAt", Shipments.CREATED_AT_MILLIS + 3_600_000);

        // When / Then
        assertThat(evaluate("has(record.note) && record.note.startsWith('+')", shipment)).isEqualTo(PASSED);
        assertThat(evaluate("record.discount > 1 && record.discount == 5", shipment)).isEqualTo(PASSED);
        assertThat(evaluate("has(record.billing) && record.billing.city == 'Paris'", shipment)).isEqualTo(PASSED);
        assertThat(evaluate("record.deliveredAt - record.createdAt == duration('1h')", shipment)).isEqualTo(PASSED);
    }

    @Test
    void shouldHandleNullFieldsLikeTheSdkRuleDid() {
        // Given
        RuleProgram rule = rule(environment, "record.note == null || record.note.startsWith('+')");
        GenericRecord shipment = Shipments.shipment();

        // When / Then
        assertThat(rule.evaluate(shipment).passed()).isTrue();
        shipment.put("note", "+33 6 12 34 56 78");
        assertThat(rule.evaluate(shipment).passed()).isTrue();
        shipment.put("note", "06 12");
        assertThat(rule.evaluate(shipment)).isEqualTo(FALSE);
    }

    @Test
    void shouldAcceptJavaTypeRepresentations() {
        // Given
        GenericRecord shipment = Shipments.shipment();
        shipment.put("id", "SHP-1");
        shipment.put("status", Status.PAID);
        shipment.put("createdAt", Instant.parse("2024-03-01T10:00:00Z"));
        shipment.put("updatedAt", Instant.parse("2024-03-01T10:00:00.000001Z"));
        shipment.put("localAt", LocalDateTime.parse("2024-03-01T10:00:00"));
        shipment.put("shipDate", LocalDate.parse("2024-03-01"));
        shipment.put("amount", new BigDecimal("123.45"));
        shipment.put("ref", UUID.fromString("3f1c2a9e-8d4b-4c3e-9a1f-0b2c3d4e5f60"));
        shipment.put("payload", new byte[] {1, 2, 3});
        shipment.put("tags", List.of("fragile", "gift"));
        shipment.put("attributes", Map.of("carrier", "DHL"));
        shipment.put("anything", Instant.EPOCH.toEpochMilli() + 12L);

        // When
        RuleOutcome outcome = evaluate("record.id == 'SHP-1' && record.status == 'PAID'"
                + " && record.createdAt == timestamp('2024-03-01T10:00:00Z')"
                + " && record.updatedAt == timestamp('2024-03-01T10:00:00.000001Z')"
                + " && record.localAt == timestamp('2024-03-01T10:00:00Z')"
                + " && record.shipDate == timestamp('2024-03-01T00:00:00Z') && record.amount == 123.45"
                + " && record.ref == '3f1c2a9e-8d4b-4c3e-9a1f-0b2c3d4e5f60' && record.payload == b'\\x01\\x02\\x03'"
                + " && 'gift' in record.tags && record.attributes.carrier == 'DHL' && record.anything == 12", shipment);

        // Then
        assertThat(outcome).isEqualTo(PASSED);
    }

    @Test
    void shouldReadARecordOfAWriterSchemaWithFieldsReorderedAndADefaultedFieldMissing() {
        // Given: an older writer without currency (defaulted to EUR in the contract), fields in reverse order
        GenericRecord written = writtenWithout(Shipments.shipment(), "currency");

        // When / Then
        assertThat(evaluate("record.currency == 'EUR'", written)).isEqualTo(PASSED);
        assertThat(evaluate("record.id == 'SHP-1' && record.quantity == 3 && record.total == 42.5"
                + " && record.items.all(i, i.quantity > 0) && record.address.city == 'Lyon'", written))
                .isEqualTo(PASSED);
        assertThat(evaluate("record.total > 50.0", written)).isEqualTo(FALSE);
    }

    @Test
    void shouldReadWriterRecordsOfSeveralSchemasWithTheSameProgram() {
        // Given
        RuleProgram rule = rule(environment, "record.currency == 'EUR' && record.quantity == 3");
        GenericRecord contract = Shipments.shipment();
        GenericRecord older = writtenWithout(Shipments.shipment(), "currency");
        GenericRecord inUsd = Shipments.shipment();
        inUsd.put("currency", "USD");

        // When / Then: alternating writers must not mix up their field positions
        for (int i = 0; i < 3; i++) {
            assertThat(rule.evaluate(contract)).isEqualTo(PASSED);
            assertThat(rule.evaluate(older)).isEqualTo(PASSED);
            assertThat(rule.evaluate(inUsd)).isEqualTo(FALSE);
        }
    }

    @Test
    void shouldFailOnlyTheRulesReadingAFieldTheWriterLacksWithoutDefault() {
        // Given
        GenericRecord written = writtenWithout(Shipments.shipment(), "total");

        // When
        RuleOutcome readingTotal = evaluate("record.total >= 0.0", written);
        RuleOutcome notReadingTotal = evaluate("record.quantity == 3", written);

        // Then
        assertThat(readingTotal.passed()).isFalse();
        assertThat(readingTotal.reason()).startsWith("cannot be evaluated");
        assertThat(notReadingTotal).isEqualTo(PASSED);
    }

    @Test
    void shouldConvertOnlyTheFieldsTheRuleReads() {
        // Given: a value of the wrong type in a field the rule does not read
        GenericRecord shipment = Shipments.shipment();
        shipment.put("quantity", "three");

        // When / Then
        assertThat(evaluate("record.total >= 0.0", shipment)).isEqualTo(PASSED);
        assertThat(evaluate("record.quantity > 0", shipment).reason()).startsWith("cannot be evaluated");
    }

    @Test
    void shouldNeverPutAFieldValueInTheReason() {
        // Given: the missing key is the customer's own data
        GenericRecord shipment = Shipments.shipment();

        // When
        RuleOutcome outcome = evaluate("record.attributes[record.id] == 'x'", shipment);

        // Then
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.reason()).startsWith("cannot be evaluated").doesNotContain("SHP-1");
    }

    @Test
    void shouldFailWithoutARecord() {
        assertThat(evaluate("record.total >= 0.0", null)).isEqualTo(new RuleOutcome(false, "cannot be evaluated: no record"));
    }

    @Test
    void shouldEvaluateRecursiveRecords() {
        // Given
        RuleProgram rule = rule(RuleEnvironment.of(Shipments.NODE),
                "record.next.next.name == 'c' && !has(record.next.next.next) && record.children.all(c, c.name != '')");
        GenericRecord c = node("c", null, List.of());
        GenericRecord root = node("a", node("b", c, List.of()), List.of(node("x", null, List.of())));

        // When / Then
        assertThat(rule.evaluate(root)).isEqualTo(PASSED);
        assertThat(rule.evaluate(c).passed()).isFalse();
    }

    @Test
    void shouldPassAndFailOnTheSalesOrdersFields() {
        // Given
        RuleEnvironment orders = RuleEnvironment.of(BundledSchemas.load(BundledSchemas.SALES_ORDERS));
        RuleProgram rule = rule(orders,
                "record.total >= 0.0 && record.items.all(i, i.quantity > 0) && record.currency in ['EUR', 'USD']");

        // When / Then
        assertThat(rule.evaluate(order(10.0, 1, "EUR"))).isEqualTo(PASSED);
        assertThat(rule.evaluate(order(-1.0, 1, "EUR"))).isEqualTo(FALSE);
        assertThat(rule.evaluate(order(10.0, 0, "EUR"))).isEqualTo(FALSE);
        assertThat(rule.evaluate(order(10.0, 1, "GBP"))).isEqualTo(FALSE);
    }

    @Test
    void shouldSeeNestedRecordsEnumsTimestampsAndCompareIntsWithDoublesInSalesOrders() {
        // Given
        RuleEnvironment orders = RuleEnvironment.of(BundledSchemas.load(BundledSchemas.SALES_ORDERS));
        RuleProgram rule = rule(orders, "record.shippingAddress.country.size() == 2 && record.channel == 'WEB'"
                + " && record.items[0].quantity < 1.5 && record.orderedAt > timestamp('2023-01-01T00:00:00Z')");

        // When / Then
        assertThat(rule.evaluate(order(10.0, 1, "EUR"))).isEqualTo(PASSED);
    }

    /** A sales order, from Avro's JSON encoding (the shared samples live in the test kit, which builds on this). */
    private static GenericRecord order(double total, int quantity, String currency) {
        Schema schema = BundledSchemas.load(BundledSchemas.SALES_ORDERS);
        String json = """
                {"orderId": "ORD-1", "customerId": "C-1", "customerEmail": "jane@example.com",
                 "items": [{"sku": "SKU-1", "productName": "Trail shoe", "quantity": %d, "unitPrice": 10.0}],
                 "total": %s, "currency": "%s",
                 "shippingAddress": {"street": "1 Main Street", "city": "Lyon", "postalCode": "69001", "country": "FR"},
                 "channel": "WEB", "orderedAt": 1700000000000}""".formatted(quantity, Double.toString(total), currency);
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord node(String name, GenericRecord next, List<GenericRecord> children) {
        GenericRecord node = new GenericData.Record(Shipments.NODE);
        node.put("name", name);
        node.put("next", next);
        node.put("children", children);
        return node;
    }

    /** The record as a writer whose schema lacks one field and lists the others in reverse order wrote it. */
    private static GenericRecord writtenWithout(GenericRecord record, String missing) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            if (!field.name().equals(missing)) {
                fields.add(0, new Schema.Field(field, field.schema()));
            }
        }
        Schema writer = Schema.createRecord(record.getSchema().getName(), null, record.getSchema().getNamespace(),
                false, fields);
        GenericRecord written = new GenericData.Record(writer);
        writer.getFields().forEach(field -> written.put(field.name(), record.get(field.name())));
        return written;
    }
}
