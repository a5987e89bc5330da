package dev.meshbone.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ErasureEvent;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.Owner;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.events.ViolationCode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

class MeshEventsTest {

    static DataProductDescriptor descriptor() {
        return DataProductDescriptor.newBuilder()
                .setId("sales.orders").setDomain("sales").setName("orders").setMajorVersion(1)
                .setTitle("Orders").setDescription("Web shop orders")
                .setOwner(new Owner("sales-platform", "sales@example.com"))
                .setTags(List.of("orders", "revenue"))
                .setStatus(ProductStatus.ACTIVE)
                .setCompatibility(CompatibilityMode.BACKWARD)
                .setContractSchema(BundledSchemas.load(BundledSchemas.SALES_ORDERS).toString())
                .setSchemaRef(new SchemaRef("sales", "orders", "1", 42L))
                .setPiiProtection(Map.of("EMAIL", PiiProtection.HASH, "ADDRESS", PiiProtection.MASK))
                .setQualityRules(List.of(new QualityRule("positive-total", "", "record.total >= 0.0",
                        RuleAction.QUARANTINE)))
                .setSlo(new ServiceLevelObjectives(60_000L, 0.05))
                .setIngressTopic("mesh.ingress.sales.orders")
                .setPublicTopic("sales.orders.v1")
                .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    @Test
    void shouldRoundTripDescriptorThroughAvroBinary() throws Exception {
        // Given
        DataProductDescriptor original = descriptor();

        // When
        ByteBuffer bytes = original.toByteBuffer();
        DataProductDescriptor decoded = DataProductDescriptor.fromByteBuffer(bytes);

        // Then
        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getPiiProtection()).containsEntry("EMAIL", PiiProtection.HASH);
    }

    @Test
    void shouldRoundTripViolationWithoutOptionalFields() throws Exception {
        // Given
        GovernanceViolation violation = GovernanceViolation.newBuilder()
                .setProductId("sales.orders").setCode(ViolationCode.UNTAGGED_PII).setAction(RuleAction.QUARANTINE)
                .setMessage("field 'note' looks like an EMAIL address but carries no pii tag")
                .setFieldPath("note")
                .setSourceTopic("mesh.ingress.sales.orders").setSourcePartition(0).setSourceOffset(7L)
                .setRecordTimestamp(Instant.ofEpochMilli(1L)).setDetectedAt(Instant.ofEpochMilli(2L))
                .setAppInstance("governance-1")
                .build();

        // When
        GovernanceViolation decoded = GovernanceViolation.fromByteBuffer(violation.toByteBuffer());

        // Then
        assertThat(decoded).isEqualTo(violation);
        assertThat(decoded.getRuleId()).isNull();
    }

    @Test
    void shouldRoundTripTheKeyAndErasureEventsThroughTheEventSerde() {
        // Given
        SubjectKey key = SubjectKey.newBuilder().setKind("customer").setKeyId("k1").setVersion(1).setKekId("kek-1")
                .setWrappedKey(ByteBuffer.wrap(new byte[]{1, 2, 3})).setCreatedAt(Instant.ofEpochMilli(5L))
                .setCreatedBy("governance-1").build();
        ErasureEvent erasure = ErasureEvent.newBuilder().setSubjectKind("customer").setSubjectHash("customer.abc")
                .setKeyIds(List.of("k1")).setProducts(List.of("sales.orders", "customers.profiles"))
                .setRequestedBy("User:ops").setErasedAt(Instant.ofEpochMilli(6L)).build();

        // When
        SubjectKey decodedKey = MeshEventSerde.of(SubjectKey.class).decode(MeshEventSerde.of(SubjectKey.class)
                .encode(key));
        ErasureEvent decodedErasure = MeshEventSerde.of(ErasureEvent.class).decode(
                MeshEventSerde.of(ErasureEvent.class).encode(erasure));

        // Then
        assertThat(decodedKey).isEqualTo(key);
        assertThat(decodedErasure).isEqualTo(erasure);
        assertThat(decodedErasure.getReason()).isNull();
        assertThat(SubjectKey.getClassSchema().getFields()).extracting(Schema.Field::name)
                .containsExactly("kind", "keyId", "version", "kekId", "wrappedKey", "createdAt", "createdBy");
    }

    @Test
    void shouldKeepOptionalFieldsDefaultedSoConsumersCanEvolve() {
        // Every field added to an event after its first release must have a default; this checks the
        // descriptor can still be read by a reader that knows only the required core.
        Schema writer = DataProductDescriptor.getClassSchema();
        Schema reader = new Schema.Parser().parse("""
                {"type": "record", "name": "DataProductDescriptor", "namespace": "dev.meshbone.events",
                 "fields": [{"name": "id", "type": "string"}, {"name": "majorVersion", "type": "int"}]}""");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }
}
