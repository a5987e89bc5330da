package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshbone.contract.InvalidContractException.Problem;
import dev.meshbone.contract.pii.DataSubject;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.PiiCategory;
import org.junit.jupiter.api.Test;

class DataSubjectTest {

    private static DataProduct.Builder product(String schema) {
        return DataProduct.builder("crm", "contacts").title("Contacts").owner("crm-team", "crm@example.com")
                .schema(schema);
    }

    private static InvalidContractException refused(DataProduct.Builder builder) {
        return catchThrowableOfType(InvalidContractException.class, builder::build);
    }

    @Test
    void shouldDeriveTheDataSubjectFromTheSchema() {
        // Given
        String schema = """
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "contactId", "type": ["null", "long"], "default": null, "pii.subject": "customer"},
                  {"name": "email", "type": "string", "pii": "EMAIL"}
                ]}""";

        // When
        DataProduct product = product(schema).protect(PiiCategory.EMAIL, PiiProtection.ENCRYPT).build();

        // Then
        assertThat(product.dataSubject()).contains(new DataSubject("contactId", "customer"));
    }

    @Test
    void shouldHaveNoDataSubjectWhenNoFieldIsMarked() {
        // When
        DataProduct product = product("""
                {"type": "record", "name": "Contact", "fields": [{"name": "email", "type": "string", "pii": "EMAIL"}]}
                """).build();

        // Then
        assertThat(product.dataSubject()).isEmpty();
    }

    @Test
    void shouldDeclareTheCustomerAsSubjectOfBothExampleProducts() {
        assertThat(DataSubject.of(BundledSchemas.load(BundledSchemas.SALES_ORDERS)))
                .contains(new DataSubject("customerId", "customer"));
        assertThat(DataSubject.of(BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES)))
                .contains(new DataSubject("customerId", "customer"));
    }

    @Test
    void shouldRefuseEncryptWithoutADataSubject() {
        // Given
        DataProduct.Builder builder = product("""
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "contactId", "type": "string"},
                  {"name": "email", "type": "string", "pii": "EMAIL"},
                  {"name": "phones", "type": {"type": "array", "items": "string"}, "pii": "PHONE"}
                ]}""").protect(PiiCategory.EMAIL, PiiProtection.ENCRYPT).protect(PiiCategory.PHONE, PiiProtection.ENCRYPT);

        // When
        InvalidContractException e = refused(builder);

        // Then
        assertThat(e.problems()).containsExactly(new Problem("piiProtection", "ENCRYPT needs a data subject: mark the "
                + "field that identifies the person with \"pii.subject\": \"customer\" (encrypted: email, phones[])"));
    }

    @Test
    void shouldNotNeedASubjectWhenEncryptFallsBackToDrop() {
        // Given: ENCRYPT on an int writes no token, so no key is needed
        DataProduct.Builder builder = product("""
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "birthYear", "type": ["null", "int"], "default": null, "pii": "DATE_OF_BIRTH"}
                ]}""").protect(PiiCategory.DATE_OF_BIRTH, PiiProtection.ENCRYPT);

        // When
        DataProduct product = builder.build();

        // Then
        assertThat(product.dataSubject()).isEmpty();
        assertThat(product.warnings()).hasSize(1);
    }

    @Test
    void shouldRefuseAMalformedKindATypeThatHoldsNoIdASecondSubjectAndANestedOne() {
        // Given
        DataProduct.Builder builder = product("""
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "contactId", "type": "string", "pii.subject": "Customer"},
                  {"name": "accountId", "type": "string", "pii.subject": "account"},
                  {"name": "score", "type": "double", "pii.subject": "scored"},
                  {"name": "tagged", "type": "string", "pii.subject": 7},
                  {"name": "home", "type": {"type": "record", "name": "Home", "fields": [
                    {"name": "ownerId", "type": "string", "pii.subject": "owner"}]}}
                ]}""");

        // When
        InvalidContractException e = refused(builder);

        // Then
        assertThat(e.problems()).containsExactly(
                new Problem("schema.contactId", "\"pii.subject\": \"Customer\" is not a kind of data subject: use "
                        + "lower-case letters, digits and '-', starting with a letter, at most 40 characters "
                        + "([a-z][a-z0-9-]{0,39}), e.g. \"pii.subject\": \"customer\""),
                new Problem("schema.accountId", "is a second data subject (\"pii.subject\"; the first is contactId): a "
                        + "record is about one person, so mark only the field that identifies them"),
                new Problem("schema.score", "is a second data subject (\"pii.subject\"; the first is contactId): a "
                        + "record is about one person, so mark only the field that identifies them"),
                new Problem("schema.tagged", "is a second data subject (\"pii.subject\"; the first is contactId): a "
                        + "record is about one person, so mark only the field that identifies them"),
                new Problem("schema.home.ownerId", "\"pii.subject\" must be on a top-level field of the record: the "
                        + "one that identifies the person the record is about"));
    }

    @Test
    void shouldRefuseASubjectFieldThatCannotHoldAnIdAndAKindThatIsNoString() {
        assertThat(refused(product("""
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "score", "type": "double", "pii.subject": "customer"}]}""")).problems())
                .containsExactly(new Problem("schema.score", "is the data subject (\"pii.subject\"), so it must hold "
                        + "the person's id: a string, int or long (nullable or not), not \"double\""));
        assertThat(refused(product("""
                {"type": "record", "name": "Contact", "fields": [
                  {"name": "id", "type": "int", "pii.subject": 7}]}""")).problems())
                .extracting(Problem::message).containsExactly("\"pii.subject\": 7 is not a kind of data subject: use "
                        + "lower-case letters, digits and '-', starting with a letter, at most 40 characters "
                        + "([a-z][a-z0-9-]{0,39}), e.g. \"pii.subject\": \"customer\"");
    }
}
