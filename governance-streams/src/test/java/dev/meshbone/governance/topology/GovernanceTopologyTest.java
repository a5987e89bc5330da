package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.ProductId;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.pii.Protection;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceTopologyTest {

    /** Its own state directory: builds running side by side must not share RocksDB locks. */
    @TempDir
    Path stateDir;

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);
    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    private TopologyTestDriver driver;
    private TestInputTopic<String, DataProductDescriptor> products;
    private TestInputTopic<byte[], byte[]> ingress;
    private TestOutputTopic<byte[], byte[]> publicTopic;
    private TestOutputTopic<byte[], byte[]> quarantine;
    private TestOutputTopic<String, GovernanceViolation> violations;

    static GovernanceConfig config() {
        Properties props = new Properties();
        props.setProperty("governance.pii.hmac.secret", HMAC_SECRET);
        props.setProperty("governance.hold.grace.ms", String.valueOf(GRACE.toMillis()));
        props.setProperty("governance.hold.check.interval.ms", "100");
        props.setProperty("governance.instance.id", "governance-test");
        return GovernanceConfig.from(props);
    }

    static Topology topology() {
        return GovernanceTopology.build(config(), Fixtures.schemas(), new ContractIndex(), GovernanceMetrics.NONE,
                Fixtures.keyring());
    }

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "governance-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        props.put(QuarantineOnDeserializationError.INSTANCE_ID_CONFIG, "governance-test");
        driver = new TopologyTestDriver(topology(), props, Instant.ofEpochMilli(1_700_000_000_000L));
        products = driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(), DESCRIPTORS.serializer());
        ingress = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
        publicTopic = driver.createOutputTopic(PUBLIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        quarantine = driver.createOutputTopic(MeshTopics.QUARANTINE, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        violations = driver.createOutputTopic(MeshTopics.VIOLATIONS, new StringDeserializer(), VIOLATIONS.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void announce(DataProductDescriptor descriptor) {
        products.pipeInput(new ProductId(descriptor.getDomain(), descriptor.getName()).major(descriptor.getMajorVersion()).toString(), descriptor);
    }

    private void send(byte[] value) {
        send(value, new RecordHeaders().add(MeshHeaders.PRODUCT_ID, "sales.orders".getBytes(StandardCharsets.UTF_8)));
    }

    private void send(byte[] value, Headers headers) {
        ingress.pipeInput(new TestRecord<>("ORD-1".getBytes(StandardCharsets.UTF_8), value, headers,
                Instant.ofEpochMilli(1_700_000_000_500L)));
    }

    private GovernanceViolation onlyViolation() {
        List<GovernanceViolation> all = violations.readValuesToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private TestRecord<byte[], byte[]> onlyQuarantined() {
        List<TestRecord<byte[], byte[]>> all = quarantine.readRecordsToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static String header(TestRecord<?, ?> record, String key) {
        var h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldNameEveryProcessorStoreAndTopic() {
        String description = topology().describe().toString();
        System.out.println(description);
        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("KSTATE-")
                .contains("governance-check", "governance-held-records", "governance-contracts",
                        "Processor: stats-count (stores: [governance-stats-counts])",
                        "Processor: contract-stats-count (stores: [governance-contract-stats-counts])",
                        "Sink: stats-sink (topic: mesh.governance.stats)")
                .as("violations counted as routed, not read back").doesNotContain("violations-feedback")
                .as("no record per record through a repartition topic").doesNotContain("repartition")
                .contains("Source: contracts-source (topics: \\Qmesh.contracts.\\E.+)",
                        "Processor: contract-check (stores: [governance-accepted-contracts])",
                        "Sink: products-sink (topic: mesh.products)",
                        "Sink: contract-violations-sink (topic: mesh.governance.violations)",
                        "Processor: keys-source (stores: [governance-keys])",
                        "Sink: keys-sink (topic: mesh.keys)");
    }

    @Test
    void shouldPublishValidRecordWithTaggedPiiProtected() {
        // Given
        announce(ordersDescriptor().build());
        byte[] original = frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane.doe@example.com"));

        // When
        send(original);

        // Then
        TestRecord<byte[], byte[]> out = publicTopic.readRecord();
        Map.Entry<Long, GenericRecord> published = unframe(out.value(), ORDER);
        GenericRecord record = published.getValue();
        assertThat(published.getKey()).isEqualTo(ORDER_ID);
        assertThat(record.get("customerEmail").toString())
                .isEqualTo(new Protection(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)).hash("jane.doe@example.com"));
        assertThat(((GenericRecord) record.get("shippingAddress")).get("street").toString()).isEqualTo("1***");
        assertThat(((GenericRecord) record.get("shippingAddress")).get("city").toString()).isEqualTo("Lyon");
        assertThat(record.get("total")).isEqualTo(42.0);
        assertThat(header(out, MeshHeaders.PRODUCT_ID)).isEqualTo("sales.orders");
        assertThat(new String(out.value(), StandardCharsets.ISO_8859_1)).doesNotContain("jane.doe@example.com");
        assertThat(quarantine.isEmpty()).isTrue();
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldQuarantineMalformedBytesUnchangedThroughTheDeserializationHandler() {
        // Given
        announce(ordersDescriptor().build());
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

        // When
        send(garbage);

        // Then
        TestRecord<byte[], byte[]> q = onlyQuarantined();
        assertThat(q.value()).isEqualTo(garbage);
        assertThat(q.key()).isEqualTo("ORD-1".getBytes(StandardCharsets.UTF_8));
        assertThat(header(q, MeshHeaders.PRODUCT_ID)).isEqualTo("sales.orders");
        assertThat(header(q, MeshHeaders.VIOLATION_CODE)).isEqualTo("MALFORMED_RECORD");
        assertThat(header(q, MeshHeaders.VIOLATION_SOURCE_TOPIC)).isEqualTo(INGRESS);
        assertThat(header(q, MeshHeaders.VIOLATION_SOURCE_OFFSET)).isEqualTo("0");
        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.MALFORMED_RECORD);
        assertThat(v.getProductId()).isEqualTo("sales.orders");
        assertThat(v.getMessage()).contains("magic byte");
        assertThat(v.getAppInstance()).isEqualTo("governance-test");
        assertThat(publicTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldQuarantineTruncatedAvroAsMalformed() {
        announce(ordersDescriptor().build());
        byte[] whole = frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane@example.com"));

        send(java.util.Arrays.copyOf(whole, whole.length - 10));

        assertThat(onlyViolation().getCode()).isEqualTo(ViolationCode.MALFORMED_RECORD);
        assertThat(onlyQuarantined().value()).hasSize(whole.length - 10);
    }

    @Test
    void shouldQuarantineRecordWithUnknownSchemaId() {
        announce(ordersDescriptor().build());

        send(frame(999, order("ORD-1", 42.0, "EUR", "jane@example.com")));

        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.UNKNOWN_SCHEMA);
        assertThat(v.getSchemaId()).isEqualTo(999L);
        assertThat(onlyQuarantined()).isNotNull();
    }

    @Test
    void shouldHoldRecordsOfAnUnannouncedProductUntilItsDescriptorArrives() {
        // Given a record that overtook its descriptor
        send(frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane@example.com")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(publicTopic.isEmpty()).isTrue();
        assertThat(quarantine.isEmpty()).isTrue();

        // When the descriptor arrives within the grace period
        announce(ordersDescriptor().build());
        driver.advanceWallClockTime(Duration.ofMillis(200));

        // Then the held record goes public, and nothing is quarantined
        assertThat(publicTopic.readRecordsToList()).hasSize(1);
        assertThat(quarantine.isEmpty()).isTrue();
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepAProductsOrderWhenReleasingHeldRecords() {
        // Given
        send(frame(ORDER_ID, order("ORD-1", 1.0, "EUR", "a@example.com")));
        send(frame(ORDER_ID, order("ORD-2", 2.0, "EUR", "b@example.com")));
        announce(ordersDescriptor().build());

        // When a newer record arrives before the punctuation released the held ones
        send(frame(ORDER_ID, order("ORD-3", 3.0, "EUR", "c@example.com")));

        // Then
        assertThat(publicTopic.readValuesToList()).extracting(v -> unframe(v, ORDER).getValue().get("orderId").toString())
                .containsExactly("ORD-1", "ORD-2", "ORD-3");
    }

    @Test
    void shouldQuarantineUnknownProductOnlyAfterTheGracePeriod() {
        // Given
        send(frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane@example.com")));

        // When
        driver.advanceWallClockTime(GRACE.minusSeconds(1));
        assertThat(quarantine.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.UNKNOWN_PRODUCT);
        assertThat(v.getMessage()).contains("sales.orders");
        assertThat(onlyQuarantined().value()).isEqualTo(frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane@example.com")));
    }

    @Test
    void shouldQuarantineRecordsOfARetiredProduct() {
        announce(ordersDescriptor().setStatus(ProductStatus.RETIRED).build());

        send(frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane@example.com")));

        assertThat(onlyViolation().getCode()).isEqualTo(ViolationCode.RETIRED_PRODUCT);
        assertThat(publicTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldQuarantineRecordWrittenWithAnotherProductsSchema() {
        announce(ordersDescriptor().build());

        send(frame(PROFILE_ID, profile()));

        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.SCHEMA_MISMATCH);
        assertThat(v.getMessage()).contains("customers/profiles").contains("sales/orders");
        assertThat(v.getSchemaId()).isEqualTo(PROFILE_ID);
    }

    @Test
    void shouldQuarantineRecordWithAnIncompatibleSchemaVersion() {
        announce(ordersDescriptor().build());
        GenericRecord bad = order(ORDER_TOTAL_AS_STRING, "ORD-1", 0, "EUR", "jane@example.com");
        bad.put("total", "forty-two");

        send(frame(ORDER_TOTAL_AS_STRING_ID, bad));

        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.INCOMPATIBLE_SCHEMA);
        assertThat(v.getMessage()).contains("total");
    }

    @Test
    void shouldQuarantineRecordWithUntaggedEmailWithoutCopyingIt() {
        // Given a compatible newer schema with an untagged free-text field
        announce(ordersDescriptor().build());
        GenericRecord record = order(ORDER_WITH_NOTE, "ORD-1", 42.0, "EUR", "jane@example.com");
        record.put("note", "please call back, write to john.smith@example.org");

        // When
        send(frame(ORDER_WITH_NOTE_ID, record));

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.UNTAGGED_PII);
        assertThat(v.getFieldPath()).isEqualTo("note");
        assertThat(v.getMessage()).isEqualTo("field 'note' holds what looks like EMAIL data (email detector) but its "
                + "schema field carries no pii tag; tag it \"pii\": \"EMAIL\", or allow the category with "
                + "\"pii.allow\": [\"EMAIL\"] if it is not personal");
        assertThat(v.toString()).doesNotContain("john.smith@example.org");
        assertThat(header(onlyQuarantined(), MeshHeaders.VIOLATION_FIELD)).isEqualTo("note");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{2} in {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "notes        | please write to jane.doe@example.org | EMAIL",
            "notes        | call +33 6 12 34 56 78 after six     | PHONE",
            "notes        | refund to DE89 3704 0044 0532 0130 00 | IBAN",
            "notes        | paid with 4111 1111 1111 1111        | PAYMENT_CARD",
            "remarks[]    | please write to jane.doe@example.org | EMAIL",
            "labels{}     | call +33 6 12 34 56 78 after six     | PHONE",
            "gift.message | refund to DE89 3704 0044 0532 0130 00 | IBAN",
            "reference    | paid with 4111 1111 1111 1111        | PAYMENT_CARD"})
    void shouldQuarantinePersonalDataInTextTaggedNoneWithoutCopyingIt(String place, String text, String category) {
        // Given the owner declared every text field not personal
        announce(ordersDescriptor().build());
        byte[] original = frame(ORDER_WITH_NONE_TEXT_ID, noneTextOrder(ORDER_WITH_NONE_TEXT, place, text));

        // When
        send(original);

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.UNTAGGED_PII);
        assertThat(v.getAction()).isEqualTo(RuleAction.QUARANTINE);
        assertThat(v.getFieldPath()).isEqualTo(place);
        assertThat(v.getMessage()).startsWith("field '" + place + "' is tagged \"pii\": \"NONE\" (declared not "
                        + "personal) but holds what looks like " + category + " data")
                .endsWith("tag it with its category (\"pii\": \"" + category + "\"), or allow the category with "
                        + "\"pii.allow\": [\"" + category + "\"] if it is not personal");
        assertThat(v.toString()).doesNotContain(text.substring(text.indexOf(' ') + 1)); // the value, with its PII
        TestRecord<byte[], byte[]> q = onlyQuarantined();
        assertThat(q.value()).isEqualTo(original);
        assertThat(header(q, MeshHeaders.VIOLATION_CODE)).isEqualTo("UNTAGGED_PII");
        assertThat(header(q, MeshHeaders.VIOLATION_FIELD)).isEqualTo(place);
        assertThat(publicTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishTextTaggedNoneHoldingOnlyWhatItsFieldAllows() {
        // Given notes may hold e-mail addresses (a shared support mailbox, say)
        announce(ordersDescriptor().build());
        String text = "forwarded to support@example.com";

        // When
        send(frame(ORDER_ALLOWING_EMAIL_IN_NOTES_ID, noneTextOrder(ORDER_ALLOWING_EMAIL_IN_NOTES, "notes", text)));

        // Then: allowed, so public as it is (it is not protected either: the owner says it is not personal)
        GenericRecord published = unframe(publicTopic.readValue(), ORDER_ALLOWING_EMAIL_IN_NOTES).getValue();
        assertThat(published.get("notes").toString()).isEqualTo(text);
        assertThat(quarantine.isEmpty()).isTrue();
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void shouldQuarantineWhatTheFieldDoesNotAllowAndWhatAnotherFieldHolds() {
        // Given notes may hold e-mail addresses, nothing else, and no other field may
        announce(ordersDescriptor().build());

        // When
        send(frame(ORDER_ALLOWING_EMAIL_IN_NOTES_ID, noneTextOrder(ORDER_ALLOWING_EMAIL_IN_NOTES, "notes",
                "call +33 6 12 34 56 78 after six")));
        send(frame(ORDER_ALLOWING_EMAIL_IN_NOTES_ID, noneTextOrder(ORDER_ALLOWING_EMAIL_IN_NOTES, "remarks[]",
                "forwarded to support@example.com")));

        // Then
        assertThat(violations.readValuesToList()).extracting(GovernanceViolation::getCode,
                GovernanceViolation::getFieldPath, v -> v.getMessage().contains("looks like "
                        + (v.getFieldPath().equals("notes") ? "PHONE" : "EMAIL")))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ViolationCode.UNTAGGED_PII, "notes", true),
                        org.assertj.core.groups.Tuple.tuple(ViolationCode.UNTAGGED_PII, "remarks[]", true));
        assertThat(quarantine.readRecordsToList()).hasSize(2);
        assertThat(publicTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishCompatibleNewerSchemaWithoutPii() {
        announce(ordersDescriptor().build());
        GenericRecord record = order(ORDER_WITH_NOTE, "ORD-1", 42.0, "EUR", "jane@example.com");
        record.put("note", "leave at the door");

        send(frame(ORDER_WITH_NOTE_ID, record));

        assertThat(unframe(publicTopic.readValue(), ORDER_WITH_NOTE).getKey()).isEqualTo(ORDER_WITH_NOTE_ID);
    }

    @Test
    void shouldQuarantineRecordFailingAQuarantineRule() {
        announce(ordersDescriptor().build());

        send(frame(ORDER_ID, order("ORD-1", -5.0, "EUR", "jane@example.com")));

        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.RULE_FAILED);
        assertThat(v.getRuleId()).isEqualTo("positive-total");
        assertThat(v.getAction()).isEqualTo(RuleAction.QUARANTINE);
        assertThat(header(onlyQuarantined(), MeshHeaders.VIOLATION_RULE)).isEqualTo("positive-total");
        assertThat(publicTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldQuarantineWithCelsReasonWhenAnAnnouncedRuleDoesNotTypeCheck() {
        // Given: a descriptor the SDK would refuse (an int-vs-string comparison), announced by other means
        announce(ordersDescriptor().setQualityRules(List.of(new dev.meshbone.events.QualityRule("high", "",
                "record.total == 'high'", RuleAction.QUARANTINE))).build());

        // When
        send(frame(ORDER_ID, order("ORD-1", 5.0, "EUR", "jane@example.com")));

        // Then
        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.RULE_FAILED);
        assertThat(v.getRuleId()).isEqualTo("high");
        assertThat(v.getMessage()).contains("does not compile").contains("found no matching overload for '_==_'");
        assertThat(publicTopic.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishButWarnOnAFailingWarnRule() {
        announce(ordersDescriptor().build());

        send(frame(ORDER_ID, order("ORD-1", 5.0, "GBP", "jane@example.com")));

        GovernanceViolation v = onlyViolation();
        assertThat(v.getCode()).isEqualTo(ViolationCode.RULE_FAILED);
        assertThat(v.getAction()).isEqualTo(RuleAction.WARN);
        assertThat(v.getRuleId()).isEqualTo("known-currency");
        assertThat(publicTopic.readRecordsToList()).hasSize(1);
        assertThat(quarantine.isEmpty()).isTrue();
    }

    @Test
    void shouldApplyEachProtectionAsThePolicySays() {
        // Given
        announce(ordersDescriptor().setPiiProtection(Map.of("EMAIL", PiiProtection.ENCRYPT, "ADDRESS",
                PiiProtection.DROP)).build());

        // When
        send(frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane.doe@example.com")));

        // Then
        GenericRecord record = unframe(publicTopic.readValue(), ORDER).getValue();
        String token = record.get("customerEmail").toString();
        assertThat(token).startsWith(SubjectCipher.PREFIX);
        assertThat(Fixtures.decrypt(token, Fixtures.keysIn(driver))).isEqualTo("jane.doe@example.com");
        GenericRecord address = (GenericRecord) record.get("shippingAddress");
        assertThat(address.get("street").toString()).isEmpty(); // not nullable, no default: the empty string
        assertThat(address.get("postalCode").toString()).isEmpty();
    }

    @Test
    void shouldMaskEmailsKeepingAFormatHint() {
        announce(ordersDescriptor().setPiiProtection(Map.of("EMAIL", PiiProtection.MASK)).build());

        send(frame(ORDER_ID, order("ORD-1", 42.0, "EUR", "jane.doe@example.com")));

        assertThat(unframe(publicTopic.readValue(), ORDER).getValue().get("customerEmail").toString())
                .isEqualTo("j***@e***.com");
    }
}
