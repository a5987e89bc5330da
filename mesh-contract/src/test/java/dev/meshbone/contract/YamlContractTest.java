package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshbone.contract.pii.DataSubject;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.schemas.PiiTags;
import dev.meshbone.schemas.SchemaField;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlContractTest {

    @TempDir
    Path dir;

    static Path contract(String name) {
        try {
            return Path.of(YamlContractTest.class.getResource("/contracts/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldLoadTheSalesOrdersOdcsContract() {
        // When
        DataProduct orders = DataProduct.fromYaml(contract("sales-orders.odcs.yaml"));

        // Then
        assertThat(orders.productId()).isEqualTo("sales.orders");
        assertThat(orders.majorVersion()).isEqualTo(1);
        assertThat(orders.title()).isEqualTo("Web shop orders");
        assertThat(orders.description()).startsWith("Every order placed in the web shop")
                .contains("\n\nLimitations: Cancellations").contains("\n\nUsage: Revenue reporting");
        assertThat(orders.owner()).isEqualTo(new DataProduct.Owner("sales-platform", "sales-platform@example.com"));
        assertThat(orders.tags()).containsExactly("orders", "revenue", "web-shop");
        assertThat(orders.status()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(orders.compatibility()).isEqualTo(CompatibilityMode.BACKWARD);
        assertThat(orders.piiProtection()).isEqualTo(Map.of(PiiCategory.EMAIL, PiiProtection.HASH,
                PiiCategory.ADDRESS, PiiProtection.MASK));
        assertThat(orders.qualityRules()).containsExactly(
                new DataProduct.QualityRule("positive-total", "An order total is never negative.",
                        "record.total >= 0.0", RuleAction.QUARANTINE),
                new DataProduct.QualityRule("known-currency", "The shop sells in three currencies.",
                        "record.currency in ['EUR', 'USD', 'GBP']", RuleAction.WARN));
        assertThat(orders.slo()).isEqualTo(new DataProduct.Slo(Duration.ofMinutes(15), 0.01));
        assertThat(orders.schema()).isEqualTo(BundledSchemas.load(BundledSchemas.SALES_ORDERS));
    }

    @Test
    void shouldTagAvroFieldsFromOdcsClassifications() {
        // When
        DataProduct profiles = DataProduct.fromYaml(contract("customers-profiles.odcs.yaml"));

        // Then
        assertThat(tags(profiles)).isEqualTo(tags(BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES)));
        assertThat(profiles.majorVersion()).isEqualTo(2);
        assertThat(profiles.artifactId()).isEqualTo("profiles.v2");
        assertThat(profiles.compatibility()).isEqualTo(CompatibilityMode.FULL);
        assertThat(profiles.owner()).isEqualTo(new DataProduct.Owner("customer-data", "#customer-data"));
        assertThat(profiles.protectionOf(PiiCategory.DATE_OF_BIRTH)).isEqualTo(PiiProtection.DROP);
        assertThat(profiles.protectionOf(PiiCategory.IP_ADDRESS)).isEqualTo(PiiProtection.HASH);
        assertThat(profiles.qualityRules()).extracting(DataProduct.QualityRule::id, DataProduct.QualityRule::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email-has-at", RuleAction.QUARANTINE),
                        org.assertj.core.groups.Tuple.tuple("known-tier", RuleAction.WARN));
        assertThat(profiles.slo()).isEqualTo(new DataProduct.Slo(Duration.ofDays(1), 0.001));
        assertThat(profiles.dataSubject()).contains(new DataSubject("customerId", "customer"));
        assertThat(profiles.schema().getField("customerId").getProp(PiiTags.SUBJECT_PROPERTY)).isEqualTo("customer");
    }

    @Test
    void shouldMarkTheDataSubjectFromAPropertysCustomPropertyAndCheckItWithTheSchema() throws IOException {
        // Given
        Files.writeString(dir.resolve("people.avsc"), """
                {"type": "record", "name": "Person", "fields": [
                  {"name": "personId", "type": "string", "pii.subject": "employee"},
                  {"name": "badgeId", "type": "string"},
                  {"name": "salary", "type": ["null", "string"], "default": null, "pii": "NONE"}]}""");
        Path yaml = write("""
                apiVersion: v3.1.0
                kind: DataContract
                name: People
                version: 1.0.0
                domain: hr
                dataProduct: people
                team: {name: hr-systems}
                support: [{channel: "#hr"}]
                schema:
                  - name: people
                    customProperties: [{property: avroSchema, value: people.avsc}]
                    properties:
                      - name: personId
                        customProperties: [{property: dataSubject, value: person}]
                      - name: badgeId
                        customProperties: [{property: dataSubject, value: Badge}]
                """);

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema[0].properties[0].customProperties.dataSubject: person contradicts the Avro schema's "
                        + "\"pii.subject\": \"employee\" on personId",
                "schema[0].badgeId: is a second data subject (\"pii.subject\"; the first is personId): a record is "
                        + "about one person, so mark only the field that identifies them");
    }

    private static Map<String, String> tags(DataProduct product) {
        return tags(product.schema());
    }

    private static Map<String, String> tags(org.apache.avro.Schema schema) {
        return PiiTags.fields(schema).stream().filter(f -> f.piiTag() != null)
                .collect(Collectors.toMap(SchemaField::path, SchemaField::piiTag));
    }

    @Test
    void shouldReportEveryProblemOfAContractWithItsYamlPath() throws IOException {
        // Given
        Files.copy(contract("sales-orders.avsc"), dir.resolve("orders.avsc"));
        Path yaml = write("""
                apiVersion: v3.1.0
                kind: DataContract
                id: broken
                version: one
                status: draft
                domain: Sales
                dataProduct: orders
                team:
                  - username: someone
                    role: owner
                support:
                  - channel: "#sales"
                schema:
                  - name: orders
                    customProperties:
                      - property: avroSchema
                        value: orders.avsc
                    properties:
                      - name: customerEmial
                        classification: EMAIL
                      - name: customerEmail
                        classification: PHONE
                      - name: total
                        classification: topsecret
                quality:
                  - name: positive-total
                    type: custom
                    engine: cel
                    implementation: record.total >=
                    severity: fatal
                slaProperties:
                  - property: frequency
                    value: 15
                    unit: fortnights
                  - property: errorRate
                    value: 5
                    unit: permille
                customProperties:
                  - property: compatibility
                    value: SIDEWAYS
                  - property: piiProtection
                    value: {EMAIL: SHRED, SHOE_SIZE: HASH}
                """);

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e).hasMessageStartingWith("The data product contract.odcs.yaml (Sales.orders) is not valid");
        assertThat(e.problems()).extracting(InvalidContractException.Problem::field).containsExactlyInAnyOrder(
                "version", "status", "team", "schema[0].properties[0].name", "schema[0].properties[1].classification",
                "schema[0].properties[2].classification", "quality[0].severity", "slaProperties[0].unit",
                "slaProperties[1].unit", "customProperties.compatibility", "customProperties.piiProtection.EMAIL",
                "customProperties.piiProtection.SHOE_SIZE", "domain", "name", "quality[positive-total].expression");
        assertThat(e.problems()).filteredOn(p -> p.field().equals("schema[0].properties[0].name")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("'customerEmial' is not a field of the Avro record "
                        + "Order (its fields: orderId, customerId, customerEmail"));
        assertThat(e.problems()).filteredOn(p -> p.field().equals("schema[0].properties[1].classification"))
                .singleElement().satisfies(p -> assertThat(p.message())
                        .isEqualTo("PHONE contradicts the Avro schema's tag \"pii\": \"EMAIL\" on customerEmail"));
        assertThat(e.problems()).filteredOn(p -> p.field().equals("name")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("is required"));
    }

    @Test
    void shouldRequireTheAvroSchemaReference() throws IOException {
        // Given
        Path yaml = write(orders(""));

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema[0].customProperties: must name the Avro schema: {property: avroSchema, value: <path to the "
                        + ".avsc, relative to this file>}");
    }

    @Test
    void shouldReportAnAvroSchemaReferenceThatIsNotAPath() throws IOException {
        // Given: found by fuzzing, a NUL in the path made java.nio throw past the reader
        Path yaml = write(orders("""
                    customProperties: [{property: avroSchema, value: "orders\\u0000.avsc"}]
                """));

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema[0].customProperties.avroSchema: is not a file path: Nul character not allowed");
    }

    @Test
    void shouldRefuseAnAvroSchemaFileTooLargeToBeOneWithoutReadingItAll() throws IOException {
        // Given: a reference to a file of 1 MB and a byte, then one to a device that never ends
        Files.write(dir.resolve("huge.avsc"), new byte[(1 << 20) + 1]);
        Path huge = write(orders("""
                    customProperties: [{property: avroSchema, value: huge.avsc}]
                """));

        // When
        InvalidContractException tooLarge = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(huge));
        Path endless = write(orders("""
                    customProperties: [{property: avroSchema, value: /dev/zero}]
                """));
        InvalidContractException device = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(endless));

        // Then
        assertThat(tooLarge.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema[0].customProperties.avroSchema: cannot read " + dir.resolve("huge.avsc").toAbsolutePath()
                        + ": larger than 1 MB, not an Avro schema");
        assertThat(device.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema[0].customProperties.avroSchema: cannot read /dev/zero: larger than 1 MB, not an Avro schema");
    }

    @Test
    void shouldLintTheSchemaOfAYamlContract() throws IOException {
        // Given
        Files.writeString(dir.resolve("people.avsc"), """
                {"type": "record", "name": "Person", "fields": [
                  {"name": "personId", "type": "string"}, {"name": "phoneNumber", "type": "string"}]}""");
        Path yaml = write("""
                apiVersion: v3.1.0
                kind: DataContract
                name: People
                version: 1.0.0
                domain: hr
                dataProduct: people
                team: {name: hr-systems}
                support: [{channel: "#hr", url: "mailto:hr@example.com"}]
                schema:
                  - name: people
                    customProperties: [{property: avroSchema, value: people.avsc}]
                """);

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("schema[0].phoneNumber");
            assertThat(p.message()).contains("(PHONE)").contains("classification: PHONE");
        });
    }

    @Test
    void shouldCarryAnAllowanceFromTheYamlContractToTheAnnouncedSchemaAndBack() throws IOException {
        // Given
        Files.writeString(dir.resolve("hits.avsc"), """
                {"type": "record", "name": "Hit", "fields": [
                  {"name": "hitId", "type": "string"},
                  {"name": "edge", "type": "string"},
                  {"name": "sku", "type": "string", "pii.allow": ["PAYMENT_CARD"]}]}""");
        Path yaml = write(web("""
                      - name: edge
                        classification: NONE
                        customProperties:
                          - property: piiAllow
                            value: [ip_address, PHONE]
                      - name: sku
                        customProperties: [{property: piiAllow, value: [PAYMENT_CARD]}]
                """));

        // When
        DataProduct declared = DataProduct.fromYaml(yaml);
        DataProduct announced = DataProduct.fromDescriptor(declared.toDescriptor("1", 3L, java.time.Instant.EPOCH,
                "test"));

        // Then
        org.apache.avro.Schema.Field edge = declared.schema().getField("edge");
        assertThat(edge.getProp(PiiTags.PROPERTY)).isEqualTo("NONE");
        assertThat(edge.getObjectProp(PiiTags.ALLOW_PROPERTY)).isEqualTo(java.util.List.of("IP_ADDRESS", "PHONE"));
        assertThat(announced.personalData().scannedAt("edge").orElseThrow().allowed())
                .containsExactly(PiiCategory.PHONE, PiiCategory.IP_ADDRESS);
        assertThat(announced.personalData().scannedAt("sku").orElseThrow().allowed())
                .containsExactly(PiiCategory.PAYMENT_CARD);
        assertThat(announced.personalData().scannedAt("hitId").orElseThrow().allowed()).isEmpty();
        assertThat(announced).isEqualTo(declared);
    }

    @Test
    void shouldReportABadAllowanceWithItsYamlPath() throws IOException {
        // Given
        Files.writeString(dir.resolve("hits.avsc"), """
                {"type": "record", "name": "Hit", "fields": [
                  {"name": "hitId", "type": "string"},
                  {"name": "edge", "type": "string"},
                  {"name": "sku", "type": "string", "pii.allow": ["PAYMENT_CARD"]}]}""");
        Path yaml = write(web("""
                      - name: hitId
                        customProperties: [{property: piiAllow, value: IP_ADDRESS}]
                      - name: edge
                        customProperties: [{property: piiAllow, value: [IP_ADDRESS, SERVER]}]
                      - name: sku
                        customProperties: [{property: piiAllow, value: [IBAN]}]
                """));

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema[0].properties[0].customProperties.piiAllow: must be a list of PII categories, e.g. "
                        + "[IP_ADDRESS]",
                "schema[0].properties[1].customProperties.piiAllow: 'SERVER' is not a PII category: EMAIL, PHONE, "
                        + "NAME, ADDRESS, DATE_OF_BIRTH, NATIONAL_ID, PAYMENT_CARD, IBAN, IP_ADDRESS, GEOLOCATION, "
                        + "OTHER",
                "schema[0].properties[2].customProperties.piiAllow: [\"IBAN\"] contradicts the Avro schema's "
                        + "\"pii.allow\": [\"PAYMENT_CARD\"] on sku");
    }

    /** A sales.orders contract up to its one schema object, which {@code schemaEntry} goes on with. */
    private static String orders(String schemaEntry) {
        return contract("v3.0.2", "sales", "orders", "Orders", "sales-platform", schemaEntry);
    }

    /** A contract of the {@code web.hits} product (schema {@code hits.avsc}) with these schema properties. */
    private static String web(String properties) {
        return contract("v3.1.0", "web", "hits", "Hits", "web-team", """
                    customProperties: [{property: avroSchema, value: hits.avsc}]
                    properties:
                """ + properties);
    }

    /** A contract up to its one schema object, named after the product, which {@code schemaEntry} goes on with. */
    private static String contract(String apiVersion, String domain, String product, String name, String team,
                                   String schemaEntry) {
        return """
                apiVersion: %s
                kind: DataContract
                name: %s
                version: 1.0.0
                domain: %s
                dataProduct: %s
                team: {name: %s}
                support: [{channel: "#%s"}]
                schema:
                  - name: %s
                """.formatted(apiVersion, name, domain, product, team, domain, product) + schemaEntry;
    }

    @Test
    void shouldReportYamlThatDoesNotParse() throws IOException {
        // Given
        Path yaml = write("apiVersion: [v3\n  kind: :");

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> DataProduct.fromYaml(yaml));

        // Then
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("(file)");
            assertThat(p.message()).startsWith("is not valid YAML");
        });
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("contract.odcs.yaml"), yaml);
    }
}
