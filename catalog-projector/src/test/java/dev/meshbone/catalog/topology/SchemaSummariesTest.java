package dev.meshbone.catalog.topology;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshbone.events.FieldSummary;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.SchemaSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaSummariesTest {

    private static final String SCHEMA = """
            {"type": "record", "name": "Visit", "namespace": "dev.example", "fields": [
              {"name": "email", "type": ["null", "string"], "default": null, "pii": "email", "doc": "Visitor"},
              {"name": "birthYear", "type": "int", "pii": "DATE_OF_BIRTH"},
              {"name": "ip", "type": "string", "pii": "IP_ADDRESS"},
              {"name": "tags", "type": {"type": "array", "items": "string"}, "pii": "NONE"},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "extra", "type": {"type": "map", "values": "double"}}
            ]}""";

    @Test
    void shouldSayWhichFieldsArePersonalAndHowGovernanceProtectsThem() {
        // Given
        var d = descriptor("web", "visits", 1).setContractSchema(SCHEMA)
                .setPiiProtection(Map.of("EMAIL", PiiProtection.MASK, "DATE_OF_BIRTH", PiiProtection.HASH)).build();

        // When
        SchemaSummary summary = SchemaSummaries.of(d);

        // Then: declared protection; HASH when not listed; DROP when the field cannot hold a string
        assertThat(summary.getFullName()).isEqualTo("dev.example.Visit");
        assertThat(summary.getFields())
                .extracting(FieldSummary::getPath, FieldSummary::getType, FieldSummary::getPiiCategory,
                        FieldSummary::getProtection)
                .containsExactly(
                        tuple("email", "string?", "EMAIL", PiiProtection.MASK),
                        tuple("birthYear", "int", "DATE_OF_BIRTH", PiiProtection.DROP),
                        tuple("ip", "string", "IP_ADDRESS", PiiProtection.HASH),
                        tuple("tags[]", "string", null, null),
                        tuple("at", "long (timestamp-millis)", null, null),
                        tuple("extra{}", "double", null, null));
        assertThat(summary.getFields().get(0).getDoc()).isEqualTo("Visitor");
    }

    @Test
    void shouldShowWhatEachFieldsAllowanceLetsThroughTheScan() {
        // Given
        var d = descriptor("ops", "hits", 1).setContractSchema("""
                {"type": "record", "name": "Hit", "namespace": "dev.example", "fields": [
                  {"name": "edge", "type": "string", "pii": "NONE", "pii.allow": ["PHONE", "IP_ADDRESS"]},
                  {"name": "hops", "type": {"type": "array", "items": "string"}, "pii.allow": ["IP_ADDRESS"]},
                  {"name": "note", "type": "string"},
                  {"name": "email", "type": "string", "pii": "EMAIL"}
                ]}""").build();

        // When
        SchemaSummary summary = SchemaSummaries.of(d);

        // Then: in the categories' order, as every view lists them
        assertThat(summary.getFields()).extracting(FieldSummary::getPath, FieldSummary::getAllowed).containsExactly(
                tuple("edge", java.util.List.of("PHONE", "IP_ADDRESS")),
                tuple("hops[]", java.util.List.of("IP_ADDRESS")),
                tuple("note", java.util.List.of()),
                tuple("email", java.util.List.of()));
    }

    @Test
    void shouldSummarizeSchemaThatDoesNotParseWithoutFields() {
        // When
        SchemaSummary summary = SchemaSummaries.of(descriptor("web", "visits", 1).setContractSchema("{not avro").build());

        // Then
        assertThat(summary.getFullName()).isEqualTo("(schema does not parse)");
        assertThat(summary.getFields()).isEmpty();
    }
}
