package dev.meshbone.sdk.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Logical-type fields of generic records: what the validator accepts, the SDK's writer writes. */
class LogicalTypesTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Event", "namespace": "t", "fields": [
              {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "tsMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "tsNanos", "type": {"type": "long", "logicalType": "timestamp-nanos"}},
              {"name": "localMillis", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
              {"name": "localMicros", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "timeMillis", "type": {"type": "int", "logicalType": "time-millis"}},
              {"name": "timeMicros", "type": {"type": "long", "logicalType": "time-micros"}},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "fixedAmount", "type": {"type": "fixed", "name": "Amount", "size": 8,
                "logicalType": "decimal", "precision": 18, "scale": 4}},
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "shippedAt", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}],
                "default": null},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}}
              ]}}},
              {"name": "deliveries", "type": {"type": "map", "values": {"type": "int", "logicalType": "date"}}}
            ]}""");
    private static final Schema ITEM = SCHEMA.getField("items").schema().getElementType();
    private static final Schema AMOUNT = SCHEMA.getField("fixedAmount").schema();
    private static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123Z");
    private static final Instant PRECISE = Instant.parse("2026-03-01T10:15:30.123456789Z");
    private static final LocalDateTime LOCAL = LocalDateTime.parse("2026-03-01T10:15:30.123456");
    private static final LocalDate DAY = LocalDate.parse("2026-03-01");
    private static final UUID ID = UUID.fromString("8a4c1f3e-2b7d-4e5a-9c6b-0d1e2f3a4b5c");

    private final RecordValidator validator = new RecordValidator(SCHEMA);

    @Test
    void shouldAcceptJavaTypesOfLogicalFieldsAndWriteThemSoTheyReadBackEqual() throws IOException {
        // Given
        GenericRecord event = converted();

        // When
        RecordValidator.Violation violation = validator.check(event);
        GenericRecord read = roundTrip(event);

        // Then
        assertThat(violation).isNull();
        assertThat(read.get("createdAt")).isEqualTo(CREATED);
        assertThat(read.get("tsMicros")).isEqualTo(PRECISE.truncatedTo(ChronoUnit.MICROS));
        assertThat(read.get("tsNanos")).isEqualTo(PRECISE);
        assertThat(read.get("localMillis")).isEqualTo(LOCAL.truncatedTo(ChronoUnit.MILLIS));
        assertThat(read.get("localMicros")).isEqualTo(LOCAL);
        assertThat(read.get("day")).isEqualTo(DAY);
        assertThat(read.get("timeMillis")).isEqualTo(LocalTime.of(10, 15, 30, 123_000_000));
        assertThat(read.get("timeMicros")).isEqualTo(LocalTime.of(10, 15, 30, 123_456_000));
        assertThat(read.get("amount")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(read.get("fixedAmount")).isEqualTo(new BigDecimal("-98765.4321"));
        assertThat(read.get("id")).isEqualTo(ID);
        assertThat(read.get("shippedAt")).isEqualTo(CREATED);
        assertThat(((GenericRecord) ((List<?>) read.get("items")).get(1)).get("price"))
                .isEqualTo(new BigDecimal("0.99"));
        assertThat(((Map<?, ?>) read.get("deliveries")).get(new Utf8("home"))).isEqualTo(DAY);
    }

    @Test
    void shouldAcceptRawRepresentationsOfLogicalFieldsAndWriteTheSameValues() throws IOException {
        // Given
        GenericRecord event = new GenericData.Record(SCHEMA);
        event.put("createdAt", CREATED.toEpochMilli());
        event.put("tsMicros", 1_772_360_130_123_456L);
        event.put("tsNanos", 1_772_360_130_123_456_789L);
        event.put("localMillis", 1_772_360_130_123L);
        event.put("localMicros", 1_772_360_130_123_456L);
        event.put("day", (int) DAY.toEpochDay());
        event.put("timeMillis", 36_930_123);
        event.put("timeMicros", 36_930_123_456L);
        event.put("amount", ByteBuffer.wrap(new BigDecimal("1234.50").unscaledValue().toByteArray()));
        event.put("fixedAmount", new Conversions.DecimalConversion().toFixed(new BigDecimal("-98765.4321"), AMOUNT,
                AMOUNT.getLogicalType()));
        event.put("id", new Utf8(ID.toString()));
        event.put("shippedAt", null);
        event.put("items", List.of(item(ByteBuffer.wrap(new byte[] {99}))));
        event.put("deliveries", Map.of("home", (int) DAY.toEpochDay()));

        // When
        RecordValidator.Violation violation = validator.check(event);
        GenericRecord read = roundTrip(event);

        // Then
        assertThat(violation).isNull();
        assertThat(read.get("createdAt")).isEqualTo(CREATED);
        assertThat(read.get("tsMicros")).isEqualTo(PRECISE.truncatedTo(ChronoUnit.MICROS));
        assertThat(read.get("tsNanos")).isEqualTo(PRECISE);
        assertThat(read.get("localMillis")).isEqualTo(LOCAL.truncatedTo(ChronoUnit.MILLIS));
        assertThat(read.get("localMicros")).isEqualTo(LOCAL);
        assertThat(read.get("day")).isEqualTo(DAY);
        assertThat(read.get("timeMicros")).isEqualTo(LocalTime.of(10, 15, 30, 123_456_000));
        assertThat(read.get("amount")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(read.get("fixedAmount")).isEqualTo(new BigDecimal("-98765.4321"));
        assertThat(read.get("id")).isEqualTo(ID);
        assertThat(read.get("shippedAt")).isNull();
        assertThat(((GenericRecord) ((List<?>) read.get("items")).get(0)).get("price"))
                .isEqualTo(new BigDecimal("0.99"));
    }

    @Test
    void shouldAcceptADecimalOfASmallerScaleAndWriteItAtTheSchemasScale() throws IOException {
        // Given
        GenericRecord event = converted();
        event.put("amount", new BigDecimal("12.3"));
        event.put("fixedAmount", BigDecimal.TEN);

        // When / Then
        assertThat(validator.check(event)).isNull();
        GenericRecord read = roundTrip(event);
        assertThat(read.get("amount")).isEqualTo(new BigDecimal("12.30"));
        assertThat(read.get("fixedAmount")).isEqualTo(new BigDecimal("10.0000"));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("createdAt", "2026-03-01T10:15:30Z", "field 'createdAt' (timestamp-millis) holds a "
                        + "java.lang.String; expected java.time.Instant or long"),
                Arguments.of("createdAt", LOCAL, "field 'createdAt' (timestamp-millis) holds a "
                        + "java.time.LocalDateTime; expected java.time.Instant or long"),
                Arguments.of("tsMicros", 1, "field 'tsMicros' (timestamp-micros) holds a java.lang.Integer; "
                        + "expected java.time.Instant or long"),
                Arguments.of("tsNanos", new Date(), "field 'tsNanos' (timestamp-nanos) holds a java.util.Date; "
                        + "expected java.time.Instant or long"),
                Arguments.of("localMillis", CREATED, "field 'localMillis' (local-timestamp-millis) holds a "
                        + "java.time.Instant; expected java.time.LocalDateTime or long"),
                Arguments.of("localMicros", DAY, "field 'localMicros' (local-timestamp-micros) holds a "
                        + "java.time.LocalDate; expected java.time.LocalDateTime or long"),
                Arguments.of("day", LOCAL, "field 'day' (date) holds a java.time.LocalDateTime; expected "
                        + "java.time.LocalDate or int"),
                Arguments.of("timeMillis", 36_930_123L, "field 'timeMillis' (time-millis) holds a java.lang.Long; "
                        + "expected java.time.LocalTime or int"),
                Arguments.of("timeMicros", 36_930, "field 'timeMicros' (time-micros) holds a java.lang.Integer; "
                        + "expected java.time.LocalTime or long"),
                Arguments.of("amount", 12.5, "field 'amount' (decimal(10,2)) holds a java.lang.Double; expected "
                        + "java.math.BigDecimal or java.nio.ByteBuffer"),
                Arguments.of("fixedAmount", ByteBuffer.allocate(8), "field 'fixedAmount' (decimal(18,4)) holds a "
                        + "java.nio.HeapByteBuffer; expected java.math.BigDecimal or "
                        + "org.apache.avro.generic.GenericFixed of 8 bytes"),
                Arguments.of("id", ID.getMostSignificantBits(), "field 'id' (uuid) holds a java.lang.Long; "
                        + "expected java.util.UUID or java.lang.CharSequence"),
                Arguments.of("shippedAt", "2026-03-01", "field 'shippedAt' (timestamp-millis) holds a "
                        + "java.lang.String; expected java.time.Instant, long or null"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void shouldRefuseAnotherJavaTypeNamingTheFieldAndTheTypesItTakes(String field, Object value, String message) {
        // Given
        GenericRecord event = converted();
        event.put(field, value);

        // When
        RecordValidator.Violation violation = validator.check(event);

        // Then
        assertThat(violation.path()).isEqualTo(field);
        assertThat(violation.message()).isEqualTo(message);
    }

    @Test
    void shouldNameALogicalFieldInsideAnArrayOfRecords() {
        // Given
        GenericRecord event = converted();
        event.put("items", List.of(item(new BigDecimal("1.00")), item(new BigDecimal("2.00")), item("3.00")));

        // When
        RecordValidator.Violation violation = validator.check(event);

        // Then
        assertThat(violation.path()).isEqualTo("items[2].price");
        assertThat(violation.message()).isEqualTo("field 'items[2].price' (decimal(10,2)) holds a java.lang.String; "
                + "expected java.math.BigDecimal or java.nio.ByteBuffer");
    }

    @Test
    void shouldNameALogicalMapValueWithoutItsKey() {
        // Given
        GenericRecord event = converted();
        event.put("deliveries", Map.of("jane@example.com", "2026-03-01"));

        // When
        RecordValidator.Violation violation = validator.check(event);

        // Then
        assertThat(violation.path()).isEqualTo("deliveries{}");
        assertThat(violation.message()).isEqualTo("field 'deliveries{}' (date) holds a java.lang.String; expected "
                + "java.time.LocalDate or int").doesNotContain("jane");
    }

    @Test
    void shouldRefuseADecimalWhoseScaleNeedsRounding() {
        // Given
        GenericRecord event = converted();
        event.put("items", List.of(item(new BigDecimal("1.00")), item(new BigDecimal("2.00")),
                item(new BigDecimal("3.999"))));

        // When
        RecordValidator.Violation violation = validator.check(event);

        // Then
        assertThat(violation.path()).isEqualTo("items[2].price");
        assertThat(violation.message()).isEqualTo("field 'items[2].price' (decimal(10,2)) holds a "
                + "java.math.BigDecimal that needs rounding to the schema's scale 2").doesNotContain("3.999");
    }

    @Test
    void shouldRefuseADecimalWithMoreDigitsThanThePrecision() {
        // Given
        GenericRecord bytes = converted();
        bytes.put("amount", new BigDecimal("123456789.5"));
        GenericRecord fixed = converted();
        fixed.put("fixedAmount", new BigDecimal("100000000000000"));

        // When / Then
        assertThat(validator.check(bytes).message()).isEqualTo("field 'amount' (decimal(10,2)) holds a "
                + "java.math.BigDecimal that has more digits than the schema's precision 10 (at scale 2)");
        assertThat(validator.check(fixed).message()).isEqualTo("field 'fixedAmount' (decimal(18,4)) holds a "
                + "java.math.BigDecimal that has more digits than the schema's precision 18 (at scale 4)");
    }

    @Test
    void shouldRefuseTimestampsAndDatesTheirLongOrIntCannotHold() {
        assertThat(refusal("createdAt", Instant.MAX)).isEqualTo("field 'createdAt' (timestamp-millis) holds a "
                + "java.time.Instant that is out of the range of a long count of millis since the epoch");
        assertThat(refusal("tsMicros", Instant.EPOCH.plus(Long.MIN_VALUE, ChronoUnit.MICROS).minusNanos(1)))
                .isEqualTo("field 'tsMicros' (timestamp-micros) holds a java.time.Instant that is out of the range "
                        + "of a long count of micros since the epoch");
        assertThat(refusal("tsNanos", Instant.parse("2263-01-01T00:00:00Z"))).endsWith("of nanos since the epoch");
        assertThat(refusal("localMillis", LocalDateTime.MAX)).startsWith("field 'localMillis' "
                + "(local-timestamp-millis) holds a java.time.LocalDateTime that is out of the range");
        assertThat(refusal("day", LocalDate.MAX)).isEqualTo("field 'day' (date) holds a java.time.LocalDate that "
                + "is out of the range of an int count of days since the epoch");
    }

    @Test
    void shouldAcceptAndWriteTheExtremesOfTheRanges() throws IOException {
        // Given
        Instant lastMilli = Instant.ofEpochMilli(Long.MAX_VALUE).plusNanos(999_999);
        Instant firstMicro = Instant.EPOCH.plus(Long.MIN_VALUE, ChronoUnit.MICROS);
        Instant lastNano = Instant.ofEpochSecond(0, Long.MAX_VALUE);
        GenericRecord event = converted();
        event.put("createdAt", lastMilli);
        event.put("tsMicros", firstMicro);
        event.put("tsNanos", lastNano);
        event.put("day", LocalDate.ofEpochDay(Integer.MIN_VALUE));

        // When / Then
        assertThat(validator.check(event)).isNull();
        GenericRecord read = roundTrip(event);
        assertThat(read.get("createdAt")).isEqualTo(lastMilli.truncatedTo(ChronoUnit.MILLIS));
        assertThat(read.get("tsMicros")).isEqualTo(firstMicro);
        assertThat(read.get("tsNanos")).isEqualTo(lastNano);
        assertThat(read.get("day")).isEqualTo(LocalDate.ofEpochDay(Integer.MIN_VALUE));
    }

    @Test
    void shouldStillNameANullRequiredLogicalField() {
        assertThat(refusal("createdAt", null)).isEqualTo("field 'createdAt' is null, but the schema requires long "
                + "(timestamp-millis) (it is not nullable)");
    }

    private String refusal(String field, Object value) {
        GenericRecord event = converted();
        event.put(field, value);
        RecordValidator.Violation violation = validator.check(event);
        assertThat(violation.path()).isEqualTo(field);
        return violation.message();
    }

    private static GenericRecord converted() {
        GenericRecord event = new GenericData.Record(SCHEMA);
        event.put("createdAt", CREATED);
        event.put("tsMicros", PRECISE.truncatedTo(ChronoUnit.MICROS));
        event.put("tsNanos", PRECISE);
        event.put("localMillis", LOCAL.truncatedTo(ChronoUnit.MILLIS));
        event.put("localMicros", LOCAL);
        event.put("day", DAY);
        event.put("timeMillis", LocalTime.of(10, 15, 30, 123_000_000));
        event.put("timeMicros", LocalTime.of(10, 15, 30, 123_456_000));
        event.put("amount", new BigDecimal("1234.50"));
        event.put("fixedAmount", new BigDecimal("-98765.4321"));
        event.put("id", ID);
        event.put("shippedAt", CREATED);
        event.put("items", List.of(item(new BigDecimal("5.00")), item(new BigDecimal("0.99"))));
        event.put("deliveries", Map.of("home", DAY));
        return event;
    }

    private static GenericRecord item(Object price) {
        GenericRecord item = new GenericData.Record(ITEM);
        item.put("price", price);
        return item;
    }

    /** Written by the SDK's own writer, read back with Avro's conversions. */
    private static GenericRecord roundTrip(GenericRecord event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new IdentityCachedDatumProvider<GenericRecord>().createDatumWriter(event, SCHEMA).write(event, encoder);
        encoder.flush();
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(SCHEMA, SCHEMA,
                IdentityCachedDatumProvider.GENERIC_DATA);
        return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
