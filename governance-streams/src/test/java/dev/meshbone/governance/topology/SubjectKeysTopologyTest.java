package dev.meshbone.governance.topology;

import static dev.meshbone.governance.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.contract.pii.keys.SubjectHasher;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.governance.Fixtures;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.keys.DataKeyCache;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.schemas.PiiCategory;
import dev.meshbone.testkit.samples.ContractCase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ENCRYPT under each data subject's own key: created with the first record, reused, erased, created anew. */
class SubjectKeysTopologyTest {

    /** Its own state directory: builds running side by side must not share RocksDB locks. */
    @TempDir
    Path stateDir;

    private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS = MeshEventSerde.of(DataProductDescriptor.class);
    private static final MeshEventSerde<SubjectKey> SUBJECT_KEYS = MeshEventSerde.of(SubjectKey.class);
    private static final long PEOPLE_ID = 600;
    /** A product whose subject may be null: ENCRYPT then drops. */
    private static final ContractCase PEOPLE = new ContractCase("people", """
            {"type": "record", "name": "Person", "namespace": "cases", "fields": [
              {"name": "personId", "type": ["null", "string"], "default": null, "pii": "NONE",
               "pii.subject": "customer"},
              {"name": "email", "type": ["null", "string"], "default": null, "pii": "EMAIL"},
              {"name": "phone", "type": "string", "pii": "PHONE"}]}""",
            Map.of(PiiCategory.EMAIL, PiiProtection.ENCRYPT, PiiCategory.PHONE, PiiProtection.ENCRYPT),
            "{}", Map.of());

    private final DataKeyCache cache = new DataKeyCache(100);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> ingress;
    private TestInputTopic<String, byte[]> keysIn;
    private TestOutputTopic<String, byte[]> keysOut;
    private TestOutputTopic<byte[], byte[]> publicTopic;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "subject-keys-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, QuarantineOnDeserializationError.class);
        props.put(QuarantineOnDeserializationError.INSTANCE_ID_CONFIG, "subject-keys-test");
        driver = new TopologyTestDriver(GovernanceTopology.build(GovernanceTopologyTest.config(),
                Fixtures.schemas().register(PEOPLE_ID, "cases", "people", "1", PEOPLE.schema()), new ContractIndex(),
                GovernanceMetrics.NONE, new Keyring(Optional.of(KEYSTORE), cache)), props,
                Instant.ofEpochMilli(1_700_000_000_000L));
        var products = driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(), DESCRIPTORS.serializer());
        products.pipeInput("sales.orders.v1", ordersDescriptor().setPiiProtection(Map.of("EMAIL", PiiProtection.ENCRYPT,
                "ADDRESS", PiiProtection.MASK)).build());
        products.pipeInput("cases.people.v1", PEOPLE.descriptor(PEOPLE_ID));
        ingress = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
        keysIn = driver.createInputTopic(MeshTopics.KEYS, new StringSerializer(), new ByteArraySerializer());
        keysOut = driver.createOutputTopic(MeshTopics.KEYS, new StringDeserializer(), new ByteArrayDeserializer());
        publicTopic = driver.createOutputTopic(PUBLIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String orderId, String customerId, String email) {
        GenericRecord order = order(orderId, 42.0, "EUR", email);
        order.put("customerId", customerId);
        ingress.pipeInput(orderId.getBytes(StandardCharsets.UTF_8), frame(ORDER_ID, order));
    }

    private String publishedEmail() {
        return unframe(publicTopic.readValue(), ORDER).getValue().get("customerEmail").toString();
    }

    private static String hash(String customerId) {
        return SubjectHasher.of(KEYSTORE).hash(new Subject("customer", customerId));
    }

    @Test
    void shouldWriteOneKeyForANewSubjectWithItsFirstRecordAndReuseItForTheNext() {
        // When
        send("ORD-1", "C-123", "jane@example.com");
        send("ORD-2", "C-123", "jane.doe@example.com");
        send("ORD-3", "C-456", "john@example.com");

        // Then
        List<TestRecord<String, byte[]>> keys = keysOut.readRecordsToList();
        assertThat(keys).hasSize(2);
        TestRecord<String, byte[]> first = keys.get(0);
        KeyTopicKey recordKey = KeyTopicKey.parse(first.key()).orElseThrow();
        assertThat(recordKey.subjectHash()).isEqualTo(hash("C-123"));
        SubjectKey value = SUBJECT_KEYS.decode(first.value());
        assertThat(value.getKind()).isEqualTo("customer");
        assertThat(value.getKeyId()).isEqualTo(recordKey.keyId());
        assertThat(value.getKekId()).isEqualTo(KEYSTORE.currentKekId());
        assertThat(value.getCreatedBy()).isEqualTo("governance-test");
        DataKey key = dataKey(first.value());
        String jane = publishedEmail();
        String janeAgain = publishedEmail();
        assertThat(SubjectCipher.keyIdOf(jane)).contains(key.keyId());
        assertThat(SubjectCipher.keyIdOf(janeAgain)).contains(key.keyId());
        assertThat(SubjectCipher.decrypt(jane, key)).isEqualTo("jane@example.com");
        assertThat(SubjectCipher.decrypt(janeAgain, key)).isEqualTo("jane.doe@example.com");
        String john = publishedEmail();
        assertThat(SubjectCipher.keyIdOf(john)).contains(KeyTopicKey.parse(keys.get(1).key()).orElseThrow().keyId())
                .isNotEqualTo(SubjectCipher.keyIdOf(jane));
        assertThat(keysIn(driver)).containsOnlyKeys(first.key(), keys.get(1).key());
        assertThat(cache.created()).isEqualTo(2);
    }

    @Test
    void shouldNeverPutTheSubjectIdInClearOnTheKeyTopic() {
        // When
        send("ORD-1", "C-123", "jane@example.com");

        // Then
        TestRecord<String, byte[]> key = keysOut.readRecord();
        assertThat(key.key()).doesNotContain("C-123").startsWith("customer.");
        assertThat(new String(key.value(), StandardCharsets.ISO_8859_1)).doesNotContain("C-123")
                .doesNotContain("jane");
        assertThat(keysOut.isEmpty()).isTrue();
    }

    @Test
    void shouldEvictAnErasedKeyAndGiveTheSubjectANewOneWithTheNextRecord() {
        // Given: the second record finds the key in the global store, and caches it
        send("ORD-1", "C-123", "jane@example.com");
        send("ORD-2", "C-123", "jane@example.com");
        TestRecord<String, byte[]> erased = keysOut.readRecord();
        String before = publishedEmail();
        publishedEmail();
        assertThat(cache.size()).isEqualTo(1);

        // When: mesh forget tombstones the key
        keysIn.pipeInput(erased.key(), null);
        int cachedAfterTombstone = cache.size();
        send("ORD-3", "C-123", "jane@example.com");

        // Then
        assertThat(cachedAfterTombstone).isZero();
        assertThat(keysIn(driver)).doesNotContainKey(erased.key());
        TestRecord<String, byte[]> fresh = keysOut.readRecord();
        assertThat(fresh.key()).startsWith(KeyTopicKey.prefix(hash("C-123"))).isNotEqualTo(erased.key());
        String after = publishedEmail();
        assertThat(SubjectCipher.keyIdOf(after)).isNotEqualTo(SubjectCipher.keyIdOf(before));
        assertThat(SubjectCipher.decrypt(after, dataKey(fresh.value()))).isEqualTo("jane@example.com");
        assertThat(keysOut.isEmpty()).isTrue();
    }

    @Test
    void shouldUseTheSubjectsOldestLiveKeyWhenThereAreTwo() {
        // Given: two instances created a key for the same subject at once
        SubjectKey older = SubjectKey.newBuilder().setKind("customer").setKeyId("older").setVersion(1)
                .setKekId(KEYSTORE.currentKekId()).setWrappedKey(java.nio.ByteBuffer.wrap(KEYSTORE.wrap(new byte[32])))
                .setCreatedAt(Instant.ofEpochMilli(1L)).setCreatedBy("elsewhere").build();
        SubjectKey newer = SubjectKey.newBuilder(older).setKeyId("newer").setCreatedAt(Instant.ofEpochMilli(2L))
                .build();
        keysIn.pipeInput(new KeyTopicKey(hash("C-123"), "newer").toString(), SUBJECT_KEYS.encode(newer));
        keysIn.pipeInput(new KeyTopicKey(hash("C-123"), "older").toString(), SUBJECT_KEYS.encode(older));

        // When
        send("ORD-1", "C-123", "jane@example.com");

        // Then
        assertThat(keysOut.isEmpty()).isTrue();
        assertThat(SubjectCipher.keyIdOf(publishedEmail())).contains("older");
    }

    @Test
    void shouldDropEncryptedFieldsOfARecordWithoutASubject() {
        // Given
        TestInputTopic<byte[], byte[]> people = driver.createInputTopic(PEOPLE.descriptor(PEOPLE_ID).getIngressTopic(),
                new ByteArraySerializer(), new ByteArraySerializer());
        TestOutputTopic<byte[], byte[]> peopleOut = driver.createOutputTopic(
                PEOPLE.descriptor(PEOPLE_ID).getPublicTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        GenericRecord person = new org.apache.avro.generic.GenericData.Record(PEOPLE.schema());
        person.put("personId", null);
        person.put("email", "jane@example.com");
        person.put("phone", "+33 6 12 34 56 78");

        // When
        people.pipeInput("P".getBytes(StandardCharsets.UTF_8), frame(PEOPLE_ID, person));
        send("ORD-1", "", "jane@example.com");

        // Then: null where the field allows it, else DROP's replacement; never the clear value, and no key
        GenericRecord published = unframe(peopleOut.readValue(), PEOPLE.schema()).getValue();
        assertThat(published.get("email")).isNull();
        assertThat(published.get("phone").toString()).isEmpty();
        assertThat(publishedEmail()).isEmpty();
        assertThat(keysOut.isEmpty()).isTrue();
    }

    @Test
    void shouldDropEncryptedFieldsWithoutAKeystore() {
        // Given
        driver.close();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "subject-keys-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(GovernanceTopology.build(GovernanceTopologyTest.config(), Fixtures.schemas(),
                new ContractIndex(), GovernanceMetrics.NONE, Keyring.none()), props);
        driver.createInputTopic(MeshTopics.PRODUCTS, new StringSerializer(), DESCRIPTORS.serializer())
                .pipeInput("sales.orders.v1", ordersDescriptor().setPiiProtection(Map.of("EMAIL",
                        PiiProtection.ENCRYPT)).build());
        ingress = driver.createInputTopic(INGRESS, new ByteArraySerializer(), new ByteArraySerializer());
        publicTopic = driver.createOutputTopic(PUBLIC, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        keysOut = driver.createOutputTopic(MeshTopics.KEYS, new StringDeserializer(), new ByteArrayDeserializer());

        // When
        send("ORD-1", "C-123", "jane@example.com");

        // Then
        assertThat(publishedEmail()).isEmpty();
        assertThat(keysOut.isEmpty()).isTrue();
    }
}
