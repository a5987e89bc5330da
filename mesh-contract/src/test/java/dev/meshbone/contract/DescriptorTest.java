package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.schemas.MeshEventSerde;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptorTest {

    /** The example ODCS contract: a real declaration, read the way a domain team writes it. */
    private final DataProduct orders = DataProduct.fromYaml(Path.of("src/test/resources/contracts/sales-orders.odcs.yaml"));

    @Test
    void shouldDescribeTheProductAsTheWireContractSays() {
        // When
        DataProductDescriptor d = orders.toDescriptor("3", 42L, Instant.parse("2026-01-01T00:00:00Z"), "orders-svc");

        // Then
        assertThat(d.getId()).isEqualTo("sales.orders");
        assertThat(d.getDomain()).isEqualTo("sales");
        assertThat(d.getName()).isEqualTo("orders");
        assertThat(d.getMajorVersion()).isEqualTo(1);
        assertThat(d.getSchemaRef().getGroupId()).isEqualTo("sales");
        assertThat(d.getSchemaRef().getArtifactId()).isEqualTo("orders");
        assertThat(d.getSchemaRef().getVersion()).isEqualTo("3");
        assertThat(d.getSchemaRef().getGlobalId()).isEqualTo(42L);
        assertThat(d.getContractSchema()).isEqualTo(orders.schemaJson()).contains("\"pii\":\"EMAIL\"");
        assertThat(d.getIngressTopic()).isEqualTo("mesh.ingress.sales.orders");
        assertThat(d.getPublicTopic()).isEqualTo("sales.orders.v1");
        assertThat(d.getPiiProtection()).isEqualTo(Map.of("EMAIL", PiiProtection.HASH, "ADDRESS", PiiProtection.MASK));
        assertThat(d.getSlo().getMaxIntervalMillis()).isEqualTo(900_000L);
        assertThat(d.getSlo().getMaxViolationRate()).isEqualTo(0.01);
        assertThat(d.getQualityRules()).extracting(r -> r.getId()).containsExactly("positive-total", "known-currency");
        assertThat(d.getUpdatedBy()).isEqualTo("orders-svc");
        assertThat(d.getFingerprint()).hasSize(64).isEqualTo(DataProduct.fingerprint(d));
    }

    @Test
    void shouldKeepTheFingerprintWhenOnlyTheAnnouncementChanges() {
        // Given
        DataProductDescriptor first = orders.toDescriptor("1", 1L, Instant.EPOCH, "a");

        // When
        DataProductDescriptor later = orders.toDescriptor("1", 1L, Instant.now(), "b");
        DataProductDescriptor decoded = roundTrip(later);
        Map<String, PiiProtection> reordered = new HashMap<>(decoded.getPiiProtection());
        decoded.setPiiProtection(reordered);

        // Then
        assertThat(later.getFingerprint()).isEqualTo(first.getFingerprint());
        assertThat(DataProduct.fingerprint(decoded)).isEqualTo(first.getFingerprint());
    }

    @Test
    void shouldChangeTheFingerprintWithTheContract() {
        // Given
        String base = orders.toDescriptor("1", 1L, Instant.EPOCH, "a").getFingerprint();

        // When / Then
        assertThat(orders.toBuilder().description("new").build().toDescriptor("1", 1L, Instant.EPOCH, "a")
                .getFingerprint()).isNotEqualTo(base);
        assertThat(orders.withStatus(ProductStatus.RETIRED).toDescriptor("1", 1L, Instant.EPOCH, "a")
                .getFingerprint()).isNotEqualTo(base);
        assertThat(orders.toDescriptor("2", 7L, Instant.EPOCH, "a").getFingerprint()).isNotEqualTo(base);
    }

    @Test
    void shouldReadTheProductBackFromItsDescriptor() {
        // Given
        DataProductDescriptor d = roundTrip(orders.toDescriptor("1", 1L, Instant.EPOCH, "a"));

        // When
        DataProduct read = DataProduct.fromDescriptor(d);

        // Then
        assertThat(read).isEqualTo(orders);
    }

    private static DataProductDescriptor roundTrip(DataProductDescriptor d) {
        MeshEventSerde<DataProductDescriptor> serde = MeshEventSerde.of(DataProductDescriptor.class);
        return serde.decode(serde.encode(d));
    }
}
