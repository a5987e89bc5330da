package dev.meshbone.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class BundledSchemasTest {

    @Test
    void shouldDeclareCustomerPersonalDataOnTheFields() {
        // When
        Schema profiles = BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES);

        // Then
        assertThat(PiiTags.personalFields(profiles).stream()
                .collect(Collectors.toMap(SchemaField::path, SchemaField::piiTag)))
                .containsEntry("fullName", "NAME")
                .containsEntry("email", "EMAIL")
                .containsEntry("phone", "PHONE")
                .containsEntry("address.street", "ADDRESS")
                .containsEntry("address.postalCode", "ADDRESS")
                .containsEntry("dateOfBirth", "DATE_OF_BIRTH");
    }

    @Test
    void shouldTagEveryPersonalFieldOfTheExamplesWithAKnownCategoryOnAStringField() {
        for (String name : new String[] {BundledSchemas.SALES_ORDERS, BundledSchemas.CUSTOMERS_PROFILES,
                BundledSchemas.LOGISTICS_SHIPMENTS}) {
            // When
            Schema schema = BundledSchemas.load(name);

            // Then
            assertThat(PiiTags.personalFields(schema)).as(name).isNotEmpty().allSatisfy(f -> {
                assertThat(PiiCategory.parse(f.piiTag())).as(f.path()).isPresent();
                assertThat(f.holdsString()).as(f.path() + " must hold a string to be masked, hashed or encrypted")
                        .isTrue();
            });
        }
    }

    @Test
    void shouldMatchTheGeneratedClass() {
        // The generated class adds "avro.java.string" properties; the parsing canonical form ignores them.
        assertThat(SchemaNormalization.parsingFingerprint64(BundledSchemas.load(BundledSchemas.SALES_ORDERS)))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(dev.meshbone.examples.sales.Order.getClassSchema()));
    }

    @Test
    void shouldNameTheMissingSchema() {
        assertThatThrownBy(() -> BundledSchemas.load("examples/nope.avsc"))
                .hasMessageContaining("/schemas/examples/nope.avsc");
    }
}
