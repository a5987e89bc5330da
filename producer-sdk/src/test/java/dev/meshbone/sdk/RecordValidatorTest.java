package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.examples.sales.LineItem;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.sdk.internal.publish.RecordValidator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

    private final DataProduct orders = Fixtures.orders("sales").build();
    private final RecordValidator validator = new RecordValidator(orders.schema());

    @Test
    void shouldAcceptAGeneratedRecordOfTheContractDespiteJavaOnlyProperties() {
        assertThat(validator.sameAsContract(Order.getClassSchema())).isTrue();
        assertThat(validator.check(Fixtures.order(1))).isNull();
    }

    @Test
    void shouldNameARequiredFieldThatIsNull() {
        // Given
        Order order = Fixtures.order(1);
        order.setCustomerEmail(null);

        // When
        RecordValidator.Violation violation = validator.check(order);

        // Then
        assertThat(violation.path()).isEqualTo("customerEmail");
        assertThat(violation.message()).isEqualTo("field 'customerEmail' is null, but the schema requires string "
                + "(it is not nullable)");
    }

    @Test
    void shouldNameANestedFieldOfTheWrongTypeWithoutItsValue() {
        // Given
        GenericRecord order = new GenericData.Record(orders.schema());
        Order valid = Fixtures.order(1);
        for (Schema.Field f : orders.schema().getFields()) {
            order.put(f.pos(), valid.get(f.pos()));
        }
        GenericRecord item = new GenericData.Record(orders.schema().getField("items").schema().getElementType());
        item.put("sku", "SKU-1");
        item.put("productName", "Shoe");
        item.put("quantity", "secret-value");
        item.put("unitPrice", 1.0);
        order.put("items", List.of(new LineItem("SKU-0", "Sock", 1, 2.0), item));

        // When
        RecordValidator.Violation violation = validator.check(order);

        // Then
        assertThat(violation.path()).isEqualTo("items[1].quantity");
        assertThat(violation.message()).isEqualTo("field 'items[1].quantity' holds a java.lang.String, but the "
                + "schema declares int").doesNotContain("secret-value");
    }

    @Test
    void shouldRefuseARecordOfAnotherSchema() {
        // Given
        GenericRecord other = new GenericData.Record(BundledSchemas.load(BundledSchemas.LOGISTICS_SHIPMENTS));

        // When
        RecordValidator.Violation violation = validator.check(other);

        // Then
        assertThat(violation.path()).isEmpty();
        assertThat(violation.message()).contains("Shipment").contains("is not the contract's schema");
    }

    @Test
    void shouldRefuseAnEnumSymbolTheSchemaDoesNotHave() {
        // Given
        GenericRecord order = new GenericData.Record(orders.schema());
        Order valid = Fixtures.order(1);
        for (Schema.Field f : orders.schema().getFields()) {
            order.put(f.pos(), valid.get(f.pos()));
        }
        Schema otherEnum = Schema.createEnum("SalesChannel", null, "dev.meshbone.examples.sales", List.of("FAX"));
        order.put("channel", new GenericData.EnumSymbol(otherEnum, "FAX"));

        // When / Then
        assertThat(validator.check(order).message()).startsWith("field 'channel' is not a symbol of enum");
    }
}
