package dev.meshbone.governance.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.governance.envelope.Framing;
import dev.meshbone.governance.pii.UntaggedPii;
import dev.meshbone.schemas.PiiCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The content scan, straight on records: NONE is the owner's belief, the detectors check it. */
class RecordProgramScanTest {

    /** Personal data of four categories, each a value the detectors must catch. */
    private static final Map<PiiCategory, String> VALUES = Map.of(
            PiiCategory.EMAIL, "please write to jane.doe@example.org",
            PiiCategory.PHONE, "call +33 6 12 34 56 78 after six",
            PiiCategory.IBAN, "refund to DE89 3704 0044 0532 0130 00",
            PiiCategory.PAYMENT_CARD, "paid with 4111 1111 1111 1111");

    /** Where a NONE-tagged string can be: a field, array items, map values, a nested record, a union branch. */
    private static final List<String> PLACES = List.of("notes", "lines[]", "labels{}", "detail.text", "either");

    static Stream<Arguments> everyCategoryInEveryPlace() {
        List<Arguments> cases = new ArrayList<>();
        for (String place : PLACES) {
            for (PiiCategory category : List.of(PiiCategory.EMAIL, PiiCategory.PHONE, PiiCategory.IBAN,
                    PiiCategory.PAYMENT_CARD)) {
                cases.add(Arguments.of(place, category));
            }
        }
        return cases.stream();
    }

    /** A schema where every string is tagged NONE; {@code allowAt} carries {@code "pii.allow": [allowed]}. */
    private static Schema schema(String allowAt, PiiCategory allowed) {
        String allow = allowed == null ? "" : ", \"pii.allow\": [\"" + allowed + "\"]";
        return new Schema.Parser().parse("""
                {"type": "record", "name": "Ticket", "namespace": "support", "fields": [
                  {"name": "id", "type": "string", "pii": "NONE"},
                  {"name": "notes", "type": ["null", "string"], "default": null, "pii": "NONE"%s},
                  {"name": "lines", "type": {"type": "array", "items": "string"}, "pii": "NONE"%s},
                  {"name": "labels", "type": {"type": "map", "values": "string"}, "pii": "NONE"%s},
                  {"name": "detail", "type": {"type": "record", "name": "Detail", "fields": [
                    {"name": "text", "type": "string", "pii": "NONE"%s}]}},
                  {"name": "either", "type": ["null", "int", "string"], "default": null, "pii": "NONE"%s}
                ]}""".formatted(PLACES.stream().map(p -> p.equals(allowAt) ? allow : "").toArray()));
    }

    /** A ticket with harmless text everywhere but {@code place}, which holds {@code text}. */
    private static GenericRecord ticket(Schema schema, String place, String text) {
        GenericRecord detail = new GenericData.Record(schema.getField("detail").schema());
        detail.put("text", place.equals("detail.text") ? text : "printer jams on page 2");
        GenericRecord t = new GenericData.Record(schema);
        t.put("id", "TCK-2026-000042");
        t.put("notes", place.equals("notes") ? text : "customer called twice");
        t.put("lines", List.of("first line", place.equals("lines[]") ? text : "second line"));
        t.put("labels", Map.of("queue", "hardware", "extra", place.equals("labels{}") ? text : "urgent"));
        t.put("detail", detail);
        t.put("either", place.equals("either") ? text : 7);
        return t;
    }

    /** Scanned as governance scans: the record's bytes walked by its compiled program. */
    private static Optional<UntaggedPii> scan(Schema schema, GenericRecord record) {
        return RecordProgram.compile(schema, PersonalDataPolicy.of(schema, Map.of()), Optional.of(Set.of()))
                .walk(Framing.frame(1, record)).untaggedPii();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("everyCategoryInEveryPlace")
    void shouldFindPersonalDataInAStringTaggedNone(String place, PiiCategory category) {
        // Given
        Schema schema = schema(null, null);

        // When
        Optional<UntaggedPii> found = scan(schema, ticket(schema, place, VALUES.get(category)));

        // Then
        assertThat(found).hasValueSatisfying(u -> {
            assertThat(u.fieldPath()).isEqualTo(place);
            assertThat(u.finding().category()).isEqualTo(category.name());
            assertThat(u.notPersonalAt()).isEqualTo(place.replace("[]", "").replace("{}", ""));
            assertThat(u.message()).contains("is tagged \"pii\": \"NONE\" (declared not personal)")
                    .contains("looks like " + category + " data")
                    .doesNotContain(VALUES.get(category)).doesNotContain(digitsOf(VALUES.get(category)));
        });
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("everyCategoryInEveryPlace")
    void shouldIgnoreACategoryTheFieldAllows(String place, PiiCategory category) {
        // Given
        Schema schema = schema(place, category);

        // When / Then
        assertThat(scan(schema, ticket(schema, place, VALUES.get(category)))).isEmpty();
    }

    @ParameterizedTest(name = "{1} in {0}")
    @MethodSource("everyCategoryInEveryPlace")
    void shouldNotBeSilencedByAllowingAnotherCategory(String place, PiiCategory category) {
        // Given
        Schema schema = schema(place, category == PiiCategory.EMAIL ? PiiCategory.PHONE : PiiCategory.EMAIL);

        // When / Then
        assertThat(scan(schema, ticket(schema, place, VALUES.get(category))))
                .hasValueSatisfying(u -> assertThat(u.finding().category()).isEqualTo(category.name()));
    }

    @Test
    void shouldApplyAnAllowanceToItsFieldOnly() {
        // Given notes may hold e-mail addresses; the nested detail's text may not
        Schema schema = schema("notes", PiiCategory.EMAIL);
        GenericRecord record = ticket(schema, "notes", VALUES.get(PiiCategory.EMAIL));
        ((GenericRecord) record.get("detail")).put("text", VALUES.get(PiiCategory.EMAIL));

        // When / Then
        assertThat(scan(schema, record)).hasValueSatisfying(u -> assertThat(u.fieldPath()).isEqualTo("detail.text"));
    }

    @Test
    void shouldSayWhereTheNoneThatCoversANestedFieldIsAndNeverTheValue() {
        // Given an untagged field inside a record field tagged NONE, and an untagged top-level field
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Ticket", "namespace": "support", "fields": [
                  {"name": "meta", "pii": "NONE", "type": {"type": "record", "name": "Meta", "fields": [
                    {"name": "comment", "type": "string"}]}},
                  {"name": "free", "type": ["null", "string"], "default": null}]}""");
        GenericRecord meta = new GenericData.Record(schema.getField("meta").schema());
        meta.put("comment", "reach me at jane.doe@example.org");
        GenericRecord inside = new GenericData.Record(schema);
        inside.put("meta", meta);
        GenericRecord meta2 = new GenericData.Record(schema.getField("meta").schema());
        meta2.put("comment", "fine");
        GenericRecord untagged = new GenericData.Record(schema);
        untagged.put("meta", meta2);
        untagged.put("free", "or +33 6 12 34 56 78");

        // When / Then
        assertThat(scan(schema, inside)).hasValueSatisfying(u -> assertThat(u.message()).isEqualTo(
                "field 'meta.comment' is inside 'meta', tagged \"pii\": \"NONE\" (declared not personal) but holds "
                        + "what looks like EMAIL data (email detector); tag it with its category (\"pii\": "
                        + "\"EMAIL\"), or allow the category with \"pii.allow\": [\"EMAIL\"] if it is not personal"));
        assertThat(scan(schema, untagged)).hasValueSatisfying(u -> assertThat(u.message()).isEqualTo(
                "field 'free' holds what looks like PHONE data (phone detector) but its schema field carries no pii "
                        + "tag; tag it \"pii\": \"PHONE\", or allow the category with \"pii.allow\": [\"PHONE\"] if it "
                        + "is not personal"));
    }

    @Test
    void shouldNotScanStringsACategoryCovers() {
        // Given an e-mail in a field tagged EMAIL and in a field inside a record tagged NAME
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Contact", "namespace": "crm", "fields": [
                  {"name": "email", "type": "string", "pii": "EMAIL"},
                  {"name": "person", "pii": "NAME", "type": {"type": "record", "name": "Person", "fields": [
                    {"name": "alias", "type": "string"}]}}]}""");
        GenericRecord person = new GenericData.Record(schema.getField("person").schema());
        person.put("alias", "jd@example.org");
        GenericRecord record = new GenericData.Record(schema);
        record.put("email", "jane.doe@example.org");
        record.put("person", person);

        // When / Then: protected on the public topic, nothing to scan
        assertThat(scan(schema, record)).isEmpty();
    }

    @Test
    void shouldScanARecursiveTypeAtAnyDepthAndLeaveItsTaggedFieldsToProtection() {
        // Given a thread of replies, each a NONE-tagged text and a tagged author e-mail
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Reply", "namespace": "support", "fields": [
                  {"name": "text", "type": "string", "pii": "NONE"},
                  {"name": "author", "type": "string", "pii": "EMAIL"},
                  {"name": "next", "type": ["null", "Reply"], "default": null}]}""");
        GenericRecord third = reply(schema, "thanks, write to jane.doe@example.org", null);
        GenericRecord thread = reply(schema, "first", reply(schema, "second", third));
        GenericRecord tagged = reply(schema, "first", reply(schema, "second", reply(schema, "third", null)));

        // When / Then
        assertThat(scan(schema, thread)).hasValueSatisfying(u -> {
            assertThat(u.fieldPath()).isEqualTo("next.next.text");
            assertThat(u.notPersonalAt()).isEqualTo("next.next.text");
        });
        assertThat(scan(schema, tagged)).isEmpty();
    }

    private static GenericRecord reply(Schema schema, String text, GenericRecord next) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("text", text);
        r.put("author", "someone" + text.length() + "@example.org");
        r.put("next", next);
        return r;
    }

    private static String digitsOf(String text) {
        return text.replaceAll("[^0-9]", "").isEmpty() ? text : text.replaceAll("[^0-9]", "");
    }
}
