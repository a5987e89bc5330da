package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.PiiCategory;
import org.junit.jupiter.api.Test;

class PiiLintTest {

    private static DataProduct.Builder product(String schema) {
        return DataProduct.builder("crm", "contacts").title("Contacts").owner("crm-team", "crm@example.com")
                .schema(schema);
    }

    @Test
    void shouldListEveryUntaggedPersonalLookingFieldWithItsPathAndHowToTagIt() {
        // Given
        String schema = """
                {"type": "record", "name": "Contact", "namespace": "crm", "fields": [
                  {"name": "contactId", "type": "string"},
                  {"name": "customerEmail", "type": "string"},
                  {"name": "mobile_number", "type": ["null", "string"], "default": null},
                  {"name": "firstName", "type": "string"},
                  {"name": "productName", "type": "string"},
                  {"name": "home", "type": {"type": "record", "name": "Home", "fields": [
                    {"name": "street", "type": "string"},
                    {"name": "city", "type": "string"}]}},
                  {"name": "previousIps", "type": {"type": "array", "items": "string"}},
                  {"name": "ipAddress", "type": "string"},
                  {"name": "dateOfBirth", "type": "string"},
                  {"name": "iban", "type": "string"},
                  {"name": "cardNumber", "type": "string"},
                  {"name": "ssn", "type": "string"}
                ]}""";

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> product(schema).build());

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::field).containsExactly(
                "schema.customerEmail", "schema.mobile_number", "schema.firstName", "schema.home.street",
                "schema.ipAddress", "schema.dateOfBirth", "schema.iban", "schema.cardNumber", "schema.ssn");
        assertThat(e.problems().get(0).message()).isEqualTo("looks like personal data (EMAIL) but has no \"pii\" tag. "
                + "Tag it in the Avro schema: {\"name\": \"customerEmail\", \"type\": \"string\", \"pii\": \"EMAIL\"} "
                + "(in a YAML contract: classification: EMAIL on its property), or, if it is not personal: "
                + "{\"name\": \"customerEmail\", \"type\": \"string\", \"pii\": \"NONE\"}");
        assertThat(e.problems().get(1).message()).contains("(PHONE)")
                .contains("{\"name\": \"mobile_number\", \"type\": [\"null\",\"string\"], \"pii\": \"PHONE\"}");
        assertThat(e.problems()).extracting(InvalidContractException.Problem::message)
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (NAME)"))
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (ADDRESS)"))
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (IP_ADDRESS)"))
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (DATE_OF_BIRTH)"))
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (IBAN)"))
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (PAYMENT_CARD)"))
                .anySatisfy(m -> assertThat(m).startsWith("looks like personal data (NATIONAL_ID)"));
    }

    @Test
    void shouldBeSilencedByAnExplicitNotPersonalMarkingOrATag() {
        // Given
        String schema = """
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "supportEmail", "type": "string", "pii": "NONE"},
                  {"name": "customerEmail", "type": "string", "pii": "EMAIL"},
                  {"name": "name", "type": "string", "pii": "none"}
                ]}""";

        // When
        DataProduct product = product(schema).build();

        // Then
        assertThat(product.warnings()).isEmpty();
    }

    @Test
    void shouldPassTheBundledExampleSchemas() {
        for (String name : new String[] {BundledSchemas.SALES_ORDERS, BundledSchemas.CUSTOMERS_PROFILES,
                BundledSchemas.LOGISTICS_SHIPMENTS}) {
            DataProduct product = product(BundledSchemas.load(name).toString()).build();
            assertThat(product.warnings()).as(name).isEmpty();
        }
    }

    @Test
    void shouldWarnThatANonStringFieldFallsBackToDrop() {
        // Given
        String schema = """
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "birthYear", "type": "int", "pii": "DATE_OF_BIRTH"},
                  {"name": "position", "type": ["null", "double"], "default": null, "pii": "GEOLOCATION"},
                  {"name": "email", "type": "string", "pii": "EMAIL"}
                ]}""";

        // When
        DataProduct product = product(schema).build();

        // Then
        assertThat(product.warnings()).containsExactly(
                "schema.birthYear is tagged DATE_OF_BIRTH with protection HASH, which writes a string, and the field "
                        + "cannot hold one: governance will DROP it instead (it writes 0). To keep HASH, declare the "
                        + "field as a string (or [\"null\", \"string\"]); to silence this, protect DATE_OF_BIRTH with "
                        + "DROP.",
                "schema.position is tagged GEOLOCATION with protection HASH, which writes a string, and the field "
                        + "cannot hold one: governance will DROP it instead (it writes null). To keep "
                        + "HASH, declare the field as a string (or [\"null\", \"string\"]); to silence this, protect "
                        + "GEOLOCATION with DROP.");
        assertThat(product.toBuilder().protect(PiiCategory.DATE_OF_BIRTH, PiiProtection.DROP)
                .protect(PiiCategory.GEOLOCATION, PiiProtection.DROP).build().warnings()).isEmpty();
    }

    @Test
    void shouldRefuseATaggedRequiredFixedThatGovernanceCannotDrop() {
        // Given
        String schema = """
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "card", "pii": "PAYMENT_CARD", "type": {"type": "fixed", "name": "Pan", "size": 16}}
                ]}""";

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> product(schema).build());

        // Then
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("schema.card");
            assertThat(p.message()).contains("cannot be protected").contains("Make it nullable");
        });
    }

    @Test
    void shouldProtectEachFieldOfATaggedRecordAndWarnAboutItsNonStrings() {
        // Given
        String schema = """
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "home", "pii": "ADDRESS", "type": ["null", {"type": "record", "name": "Home", "fields": [
                    {"name": "city", "type": "string"}, {"name": "floor", "type": "int"}]}], "default": null}
                ]}""";

        // When
        DataProduct product = product(schema).build();

        // Then
        assertThat(product.warnings()).singleElement().asString()
                .startsWith("schema.home.floor is inside a field tagged ADDRESS with protection HASH")
                .contains("governance will DROP it instead (it writes 0)");
    }

    @Test
    void shouldNotLintADescriptorReadBackFromTheMesh() {
        // Given
        DataProduct tagged = product("""
                {"type": "record", "name": "Contact", "fields": [{"name": "email", "type": "string", "pii": "EMAIL"}]}
                """).build();
        var descriptor = tagged.toDescriptor("1", 1L, java.time.Instant.EPOCH, "x");
        descriptor.setContractSchema("""
                {"type": "record", "name": "Contact", "fields": [{"name": "email", "type": "string"}]}""");

        // When
        DataProduct read = DataProduct.fromDescriptor(descriptor);

        // Then
        assertThat(read.schema().getField("email").getProp("pii")).isNull();
    }
}
