package dev.meshbone.governance.envelope;

import static dev.meshbone.governance.Fixtures.INGRESS;
import static dev.meshbone.governance.Fixtures.ORDER;
import static dev.meshbone.governance.Fixtures.frame;
import static dev.meshbone.governance.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.envelope.FakeRegistry.Reply;
import dev.meshbone.governance.routing.QuarantineOnDeserializationError;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer of a real HTTP registry mapped to a schema, an unknown schema (the record's fault) or a fault. */
class RegistrySchemaLookupTest {

    private static final long ID = 12;
    private static final Duration BUDGET = Duration.ofSeconds(1);
    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);

    private FakeRegistry registry;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private RegistrySchemaLookup lookup(String username, Duration budget) {
        return new RegistrySchemaLookup(registry.url(), username,
                username.isEmpty() ? Optional.empty() : Optional.of("Basic Z292OnNlY3JldA=="), budget);
    }

    private RegistrySchemaLookup lookup() {
        return lookup("gov", BUDGET);
    }

    private static RegistryUnavailableException fault(RegistrySchemaLookup lookup) {
        return catchThrowableOfType(() -> lookup.byGlobalId(ID), RegistryUnavailableException.class);
    }

    @Test
    void shouldResolveAnAvroSchemaAndCacheIt() {
        // Given
        Reply[] avro = FakeRegistry.avro(ORDER.toString(), "sales", "orders");
        registry.content(avro[0]).search(avro[1]);
        RegistrySchemaLookup lookup = lookup();

        // When
        SchemaAnswer first = lookup.byGlobalId(ID);
        SchemaAnswer second = lookup.byGlobalId(ID);

        // Then
        assertThat(first).isInstanceOfSatisfying(SchemaAnswer.Known.class,
                k -> assertThat(k.schema().coordinates()).isEqualTo("sales/orders version 1"));
        assertThat(second).isSameAs(first);
        assertThat(registry.contentCalls()).isEqualTo(1);
        assertThat(lookup.healthy()).isTrue();
    }

    @Test
    void shouldAnswerUnknownForA404AndRememberIt() {
        // Given
        registry.content(Reply.of(404, "{\"message\":\"No content with id 12\"}"));
        RegistrySchemaLookup lookup = lookup();

        // When
        SchemaAnswer first = lookup.byGlobalId(ID);
        SchemaAnswer second = lookup.byGlobalId(ID);

        // Then
        assertThat(first).isEqualTo(SchemaAnswer.Unknown.NOT_FOUND).isEqualTo(second);
        assertThat(registry.contentCalls()).as("remembered for a minute").isEqualTo(1);
        assertThat(lookup.healthy()).isTrue();
    }

    @Test
    void shouldSayWhenTheArtifactIsNotAvro() {
        // Given a JSON Schema artifact under the id
        registry.content(Reply.of(200, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"type\":\"object\"}")).search(FakeRegistry.search("sales", "orders", "JSON"));
        IngressDeserializer deserializer = new IngressDeserializer(lookup());

        // When
        Envelope read = deserializer.deserialize(INGRESS, frame(ID, order("ORD-1", 10, "EUR", "a@b.example")));

        // Then
        assertThat(read).isInstanceOfSatisfying(Unreadable.class, e -> assertThat(e.code())
                .isEqualTo(ViolationCode.UNKNOWN_SCHEMA));
        assertThat(((Unreadable) read).message()).isEqualTo("the record names schema global id 12, which is sales/orders version 1 "
                + "in the registry, a JSON artifact that is not an Avro schema");
    }

    @Test
    void shouldRetryA401AsAFaultNamingTheRegistryUser() {
        // Given
        registry.content(Reply.of(401, ""));
        RegistrySchemaLookup lookup = lookup();

        // When
        RegistryUnavailableException e = fault(lookup);

        // Then
        assertThat(e.fault()).isEqualTo(RegistryFault.UNAUTHORIZED);
        assertThat(e.getMessage()).isEqualTo("registry " + registry.url() + ": 401 Unauthorized for the schema "
                + "content of global id 12: governance's registry credentials (registry.username=gov) were refused "
                + "(gave up after 1000 ms of retries)");
        assertThat(registry.contentCalls()).as("retried with back-off within the budget").isBetween(3, 5);
        assertThat(lookup.faults(RegistryFault.UNAUTHORIZED)).isEqualTo(registry.contentCalls());
        assertThat(lookup.healthy()).isFalse();
    }

    @Test
    void shouldSayWhenGovernanceSentNoCredentials() {
        // Given
        registry.content(Reply.of(401, ""));

        // When
        RegistryUnavailableException e = fault(lookup("", Duration.ZERO));

        // Then
        assertThat(e.fault()).isEqualTo(RegistryFault.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("governance sent no registry credentials (registry.username is empty)");
        assertThat(registry.contentCalls()).isEqualTo(1);
    }

    @Test
    void shouldRetryA403AsAFaultAndRecover() {
        // Given a registry that forbids governance, then (its role granted) answers
        Reply[] avro = FakeRegistry.avro(ORDER.toString(), "sales", "orders");
        registry.content(Reply.of(403, "")).search(avro[1]);
        RegistrySchemaLookup lookup = lookup();

        // When
        RegistryUnavailableException e = fault(lookup);
        registry.content(avro[0]);
        SchemaAnswer after = lookup.byGlobalId(ID);

        // Then
        assertThat(e.fault()).isEqualTo(RegistryFault.FORBIDDEN);
        assertThat(e.getMessage()).startsWith("registry " + registry.url() + ": 403 Forbidden for the schema content "
                + "of global id 12: the registry user 'gov' may not read it");
        assertThat(lookup.faults(RegistryFault.FORBIDDEN)).isGreaterThan(1);
        assertThat(after).isInstanceOf(SchemaAnswer.Known.class);
        assertThat(lookup.healthy()).isTrue();
    }

    @Test
    void shouldWaitWhatA429sRetryAfterAsks() {
        // Given
        Reply[] avro = FakeRegistry.avro(ORDER.toString(), "sales", "orders");
        registry.content(Reply.of(429, "slow down").withHeader("Retry-After", "1"), avro[0]).search(avro[1]);
        RegistrySchemaLookup lookup = lookup("gov", Duration.ofSeconds(5));

        // When
        SchemaAnswer answer = lookup.byGlobalId(ID);

        // Then
        assertThat(answer).isInstanceOf(SchemaAnswer.Known.class);
        List<Long> calls = registry.contentCallTimes();
        assertThat(calls).hasSize(2);
        assertThat(Duration.ofNanos(calls.get(1) - calls.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(lookup.faults(RegistryFault.THROTTLED)).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAtOnceWhenRetryAfterIsBeyondTheBudget() {
        // Given
        registry.content(Reply.of(429, "").withHeader("Retry-After", "30"));

        // When
        RegistryUnavailableException e = fault(lookup());

        // Then
        assertThat(e.fault()).isEqualTo(RegistryFault.THROTTLED);
        assertThat(e.getMessage()).contains("429 Too Many Requests", "the registry throttles governance and asks it "
                + "to wait 30 s");
        assertThat(registry.contentCalls()).isEqualTo(1);
    }

    @Test
    void shouldRetryA500AndUseTheAnswerOnceItComes() {
        // Given
        Reply[] avro = FakeRegistry.avro(ORDER.toString(), "sales", "orders");
        registry.content(Reply.of(500, "boom"), Reply.of(503, ""), avro[0]).search(avro[1]);
        RegistrySchemaLookup lookup = lookup();

        // When
        SchemaAnswer answer = lookup.byGlobalId(ID);

        // Then
        assertThat(answer).isInstanceOf(SchemaAnswer.Known.class);
        assertThat(registry.contentCalls()).isEqualTo(3);
        assertThat(lookup.faults(RegistryFault.SERVER_ERROR)).isEqualTo(2);
        assertThat(lookup.healthy()).isTrue();
    }

    @Test
    void shouldReportAnotherClientErrorWithTheRegistrysMessageTruncated() {
        // Given
        String message = "{\"message\":\"" + "x".repeat(500) + "\"}";
        registry.content(Reply.of(400, message));

        // When
        RegistryUnavailableException e = fault(lookup("gov", Duration.ZERO));

        // Then
        assertThat(e.fault()).isEqualTo(RegistryFault.REFUSED);
        assertThat(e.getMessage()).startsWith("registry " + registry.url() + ": 400 for the schema content of global "
                + "id 12: {\"message\":\"xxx").contains("...").hasSizeLessThan(400);
    }

    @Test
    void shouldReportAnUnreachableRegistry() {
        // Given
        RegistrySchemaLookup lookup = lookup("gov", Duration.ofMillis(150));
        registry.close();

        // When
        RegistryUnavailableException e = fault(lookup);

        // Then
        assertThat(e.fault()).isEqualTo(RegistryFault.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("registry " + registry.url() + " unreachable");
        assertThat(lookup.faults(RegistryFault.UNREACHABLE)).isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 429, 400, 405, 409, 500})
    void shouldFailTheTaskNeverQuarantineOnAFault(int status) {
        // Given
        registry.content(Reply.of(status, "no"));
        IngressDeserializer deserializer = new IngressDeserializer(lookup("gov", Duration.ofMillis(150)));
        byte[] value = frame(ID, order("ORD-1", 10, "EUR", "a@b.example"));

        // When
        DeserializationExceptionHandler.Response response = handle(deserializer, value);

        // Then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldRefuseAnUnknownSchemaAsUnknownSchema() {
        // Given
        registry.content(Reply.of(404, ""));
        IngressDeserializer deserializer = new IngressDeserializer(lookup());
        byte[] value = frame(ID, order("ORD-1", 10, "EUR", "a@b.example"));

        // When
        Envelope read = deserializer.deserialize(INGRESS, value);

        // Then check 1 refuses it for what it is, not as malformed (nor as a fault)
        assertThat(read).isEqualTo(new Unreadable(value, ViolationCode.UNKNOWN_SCHEMA,
                "the record names schema global id 12, which the registry does not know", ID));
    }

    private static DeserializationExceptionHandler.Response handle(IngressDeserializer deserializer, byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(INGRESS, 0, 7L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 0, value.length, null, value, new RecordHeaders(), Optional.empty());
        Exception e = catchThrowableOfType(() -> deserializer.deserialize(INGRESS, value), Exception.class);
        QuarantineOnDeserializationError handler = new QuarantineOnDeserializationError();
        handler.configure(Map.of());
        return handler.handleError(null, record, e);
    }
}
