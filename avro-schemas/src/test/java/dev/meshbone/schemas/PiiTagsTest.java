package dev.meshbone.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class PiiTagsTest {

    private static Map<String, String> personalTags(Schema schema) {
        return PiiTags.personalFields(schema).stream()
                .collect(Collectors.toMap(SchemaField::path, SchemaField::piiTag));
    }

    @Test
    void shouldFindTagsInNestedRecordsArraysMapsAndUnions() {
        // Given
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "email", "type": "string", "pii": "EMAIL"},
                  {"name": "plain", "type": "int"},
                  {"name": "phone", "type": ["null", "string"], "default": null, "pii": "PHONE"},
                  {"name": "address", "type": {"type": "record", "name": "A", "fields": [
                     {"name": "street", "type": "string", "pii": "ADDRESS"},
                     {"name": "city", "type": "string"}]}},
                  {"name": "contacts", "type": {"type": "array", "items": {"type": "record", "name": "C", "fields": [
                     {"name": "name", "type": "string", "pii": "NAME"}]}}},
                  {"name": "ips", "type": {"type": "map", "values": "string"}, "pii": "IP_ADDRESS"},
                  {"name": "either", "type": ["null", "A", {"type": "record", "name": "B", "fields": [
                     {"name": "iban", "type": "string", "pii": "IBAN"}]}], "default": null}
                ]}""");

        // When
        Map<String, String> tags = personalTags(schema);

        // Then
        assertThat(tags).containsExactlyInAnyOrderEntriesOf(Map.of(
                "email", "EMAIL",
                "phone", "PHONE",
                "address.street", "ADDRESS",
                "contacts[].name", "NAME",
                "ips{}", "IP_ADDRESS",
                "either.street", "ADDRESS",
                "either.iban", "IBAN"));
    }

    @Test
    void shouldTreatNoneAsExplicitlyNotPersonal() {
        // Given
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "customerId", "type": "string", "pii": "NONE"},
                  {"name": "email", "type": "string"}]}""");

        // When
        List<SchemaField> fields = PiiTags.fields(schema);

        // Then
        assertThat(PiiTags.personalFields(schema)).isEmpty();
        assertThat(fields).extracting(SchemaField::path, SchemaField::isMarkedNotPersonal)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("customerId", true),
                        org.assertj.core.groups.Tuple.tuple("email", false));
    }

    @Test
    void shouldReadTheCategoriesAFieldAllowsLeavingOutUnknownNames() {
        // Given
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "serverIp", "type": "string", "pii": "NONE", "pii.allow": ["IP_ADDRESS", "ip_address"]},
                  {"name": "sku", "type": "string", "pii.allow": ["PAYMENT_CARD", "SHOE_SIZE"]},
                  {"name": "odd", "type": "string", "pii.allow": "EMAIL"},
                  {"name": "plain", "type": "string"}]}""");

        // When / Then
        assertThat(PiiTags.allowed(schema.getField("serverIp"))).containsExactly(PiiCategory.IP_ADDRESS);
        assertThat(PiiTags.allowed(schema.getField("sku"))).containsExactly(PiiCategory.PAYMENT_CARD);
        assertThat(PiiTags.allowed(schema.getField("odd"))).isEmpty(); // not a list: the contract core refuses it
        assertThat(PiiTags.allowed(schema.getField("plain"))).isEmpty();
    }

    @Test
    void shouldReportTypeFactsProtectionNeeds() {
        // Given
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "dob", "type": "long", "pii": "DATE_OF_BIRTH"},
                  {"name": "phone", "type": ["null", "string"], "default": null, "pii": "PHONE"}]}""");

        // When
        Map<String, SchemaField> byPath = PiiTags.personalFields(schema).stream()
                .collect(Collectors.toMap(SchemaField::path, f -> f));

        // Then
        assertThat(byPath.get("dob").holdsString()).isFalse();
        assertThat(byPath.get("dob").isNullable()).isFalse();
        assertThat(byPath.get("phone").holdsString()).isTrue();
        assertThat(byPath.get("phone").isNullable()).isTrue();
    }

    @Test
    void shouldStopAtRecursiveTypes() {
        // Given
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Node", "fields": [
                  {"name": "label", "type": "string", "pii": "NAME"},
                  {"name": "next", "type": ["null", "Node"], "default": null}]}""");

        // When
        Map<String, String> tags = personalTags(schema);

        // Then
        assertThat(tags).containsOnlyKeys("label");
    }

    @Test
    void shouldRefuseNonRecordSchema() {
        assertThatThrownBy(() -> PiiTags.fields(Schema.create(Schema.Type.STRING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record");
    }

    @Test
    void shouldParseCategoriesCaseInsensitively() {
        assertThat(PiiCategory.parse("email")).contains(PiiCategory.EMAIL);
        assertThat(PiiCategory.parse("Date_Of_Birth")).contains(PiiCategory.DATE_OF_BIRTH);
        assertThat(PiiCategory.parse("SHOE_SIZE")).isEmpty();
    }
}
