package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.schemas.PiiCategory;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** What governance scans for personal data the tags missed, as the personal-data policy decides it. */
class ContentScanPlanTest {

    private static DataProduct.Builder product(String fields) {
        return DataProduct.builder("ops", "events").title("Events").owner("ops-team", "ops@example.com")
                .schema("{\"type\": \"record\", \"name\": \"Event\", \"namespace\": \"ops\", \"fields\": [" + fields
                        + "]}");
    }

    private static PersonalDataPolicy policy(String fields) {
        return PersonalDataPolicy.of(new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Event\", "
                + "\"namespace\": \"ops\", \"fields\": [" + fields + "]}"), Map.of());
    }

    @Test
    void shouldScanEveryStringNoCategoryCoversNoneIncluded() {
        // Given
        String fields = """
                {"name": "id", "type": "string", "pii": "NONE"},
                {"name": "notes", "type": ["null", "string"], "default": null, "pii": "NONE"},
                {"name": "email", "type": "string", "pii": "EMAIL"},
                {"name": "tags", "type": {"type": "array", "items": "string"}},
                {"name": "attributes", "type": {"type": "map", "values": "string"}},
                {"name": "meta", "pii": "NONE", "type": {"type": "record", "name": "Meta", "fields": [
                  {"name": "comment", "type": "string"}]}},
                {"name": "home", "pii": "ADDRESS", "type": {"type": "record", "name": "Home", "fields": [
                  {"name": "street", "type": "string"},
                  {"name": "country", "type": "string", "pii": "NONE"}]}},
                {"name": "either", "type": ["null", "string", "int"], "default": null},
                {"name": "count", "type": "int"}""";

        // When
        PersonalDataPolicy policy = policy(fields);

        // Then: NONE is scanned, a category covers its field (and the untagged fields of a record inside it)
        assertThat(policy.scanned()).extracting(PersonalDataPolicy.Scanned::path,
                PersonalDataPolicy.Scanned::notPersonalAt).containsExactly(
                tuple("id", "id"),
                tuple("notes", "notes"),
                tuple("tags[]", null),
                tuple("attributes{}", null),
                tuple("meta.comment", "meta"),
                tuple("home.country", "home.country"),
                tuple("either", null));
        assertThat(policy.scannedAt("email")).isEmpty();
        assertThat(policy.scannedAt("home.street")).isEmpty();
        assertThat(policy.scanned()).allSatisfy(s -> assertThat(s.allowed()).isEmpty());
        assertThat(policy.refusals()).isEmpty();
    }

    @Test
    void shouldPlanARecursiveTypeOnceAndItsDeeperLevelsWhenReached() {
        // Given
        PersonalDataPolicy policy = policy("""
                {"name": "text", "type": "string", "pii": "NONE"},
                {"name": "next", "type": ["null", "Event"], "default": null}""");

        // When
        PersonalDataPolicy.Scan next = policy.scanPlan().fields().get(1).scan();

        // Then: listed once; the record inside itself is planned on demand, like the outer one
        assertThat(policy.scanned()).extracting(PersonalDataPolicy.Scanned::path).containsExactly("text");
        assertThat(next).isInstanceOf(PersonalDataPolicy.Scan.Branches.class);
        PersonalDataPolicy.Scan deeper = ((PersonalDataPolicy.Scan.Branches) next).branches().get(1);
        assertThat(deeper).isInstanceOf(PersonalDataPolicy.Scan.Recursive.class);
        PersonalDataPolicy.ScanRecord inner = ((PersonalDataPolicy.Scan.Recursive) deeper).record().get();
        assertThat(inner.fields().get(0).scan()).isEqualTo(new PersonalDataPolicy.Scan.Text(
                new PersonalDataPolicy.Scanned("next.text", Set.of(), "next.text")));
        assertThat(((PersonalDataPolicy.Scan.Recursive) deeper).record().get()).isSameAs(inner);
    }

    @Test
    void shouldApplyAnAllowanceToTheStringsOfItsOwnFieldOnly() {
        // Given
        String fields = """
                {"name": "serverIp", "type": "string", "pii": "NONE", "pii.allow": ["IP_ADDRESS"]},
                {"name": "hops", "type": {"type": "array", "items": ["null", "string"]},
                 "pii.allow": ["IP_ADDRESS", "PHONE"]},
                {"name": "server", "pii.allow": ["PAYMENT_CARD"], "type": ["null", "string",
                  {"type": "record", "name": "Server", "fields": [
                    {"name": "host", "type": "string", "pii.allow": ["EMAIL"]},
                    {"name": "note", "type": "string"}]}], "default": null}""";

        // When
        PersonalDataPolicy policy = policy(fields);

        // Then
        assertThat(policy.scanned()).extracting(PersonalDataPolicy.Scanned::path, PersonalDataPolicy.Scanned::allowed)
                .containsExactly(
                        tuple("serverIp", Set.of(PiiCategory.IP_ADDRESS)),
                        tuple("hops[]", Set.of(PiiCategory.PHONE, PiiCategory.IP_ADDRESS)),
                        tuple("server", Set.of(PiiCategory.PAYMENT_CARD)),
                        tuple("server.host", Set.of(PiiCategory.EMAIL)),
                        tuple("server.note", Set.of()));
        assertThat(policy.scannedAt("hops[]").orElseThrow().allowed()).containsExactly(PiiCategory.PHONE,
                PiiCategory.IP_ADDRESS); // in the categories' order, whatever the declaration's
        assertThat(policy.refusals()).isEmpty();
    }

    @Test
    void shouldRefuseAnAllowanceThatCoversNoScannedString() {
        // Given
        String fields = """
                {"name": "email", "type": "string", "pii": "EMAIL", "pii.allow": ["EMAIL"]},
                {"name": "meta", "pii.allow": ["IP_ADDRESS"], "type": {"type": "record", "name": "Meta", "fields": [
                  {"name": "host", "type": "string"}]}},
                {"name": "home", "pii": "ADDRESS", "type": {"type": "record", "name": "Home", "fields": [
                  {"name": "street", "type": "string", "pii.allow": ["ADDRESS"]}]}}""";

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> product(fields).build());

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema.email: \"pii.allow\" has no effect on a field covered by \"pii\": \"EMAIL\": its content is "
                        + "protected, not scanned. Remove it",
                "schema.meta: \"pii.allow\" covers only the strings the field itself holds (a string, or the strings "
                        + "of an array, map or union), not the fields of a record inside it: put it on those fields",
                "schema.home.street: \"pii.allow\" has no effect on a field covered by \"pii\": \"ADDRESS\": its "
                        + "content is protected, not scanned. Remove it");
    }

    @Test
    void shouldRefuseAnUnknownCategoryInAnAllowanceWithTheKnownOnes() {
        // Given
        String fields = """
                {"name": "sku", "type": "string", "pii": "NONE", "pii.allow": ["PAYMENT_CARD", "SKU", "LUHN"]},
                {"name": "host", "type": "string", "pii": "NONE", "pii.allow": "IP_ADDRESS"}""";

        // When
        InvalidContractException e = catchThrowableOfType(InvalidContractException.class,
                () -> product(fields).build());

        // Then
        assertThat(e.problems()).extracting(InvalidContractException.Problem::toString).containsExactly(
                "schema.sku: unknown PII categories \"SKU\", \"LUHN\" in \"pii.allow\"; use one of EMAIL, PHONE, NAME, "
                        + "ADDRESS, DATE_OF_BIRTH, NATIONAL_ID, PAYMENT_CARD, IBAN, IP_ADDRESS, GEOLOCATION, OTHER",
                "schema.host: \"pii.allow\" must be a list of PII categories, e.g. \"pii.allow\": [\"IP_ADDRESS\"]");
    }

    @Test
    void shouldKeepAnAllowanceThroughTheDescriptor() {
        // Given
        DataProduct declared = product("""
                {"name": "serverIp", "type": "string", "pii": "NONE", "pii.allow": ["IP_ADDRESS"]}""").build();

        // When
        DataProductDescriptor descriptor = declared.toDescriptor("1", 7L, Instant.EPOCH, "test");
        DataProduct announced = DataProduct.fromDescriptor(descriptor);

        // Then
        assertThat(announced.personalData().scannedAt("serverIp").orElseThrow().allowed())
                .containsExactly(PiiCategory.IP_ADDRESS);
        assertThat(announced).isEqualTo(declared);
    }
}
