package dev.meshbone.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProductIdTest {

    @Test
    void shouldSpellTopicsKeysAndArtifactsByConvention() {
        // Given
        ProductId orders = ProductId.parse("sales.orders");

        // Then
        assertThat(orders.ingressTopic()).isEqualTo("mesh.ingress.sales.orders");
        assertThat(orders.major(2).publicTopic()).isEqualTo("sales.orders.v2");
        assertThat(orders.major(1).artifactId()).isEqualTo("orders");
        assertThat(orders.major(2).artifactId()).isEqualTo("orders.v2");
        assertThat(orders.major(3)).hasToString("sales.orders.v3");
    }

    @Test
    void shouldParseOnlyWhatItWrites() {
        assertThat(ProductId.ofIngressTopic("mesh.ingress.sales.orders")).contains(new ProductId("sales", "orders"));
        assertThat(ProductId.ofIngressTopic("mesh.ingress.Sales.orders")).isEmpty();
        assertThat(ProductId.ofIngressTopic("sales.orders.v1")).isEmpty();
        assertThat(ContractKey.tryParse("sales.orders.v12")).contains(new ProductId("sales", "orders").major(12));
        assertThat(ContractKey.tryParse("sales.orders.v0")).isEmpty();
        assertThat(ContractKey.tryParse("sales.orders")).isEmpty();
        assertThat(ContractKey.tryParse("a.b.c.v1")).isEmpty();
        assertThat(ProductId.tryParse("sales.-orders")).isEmpty();
        assertThat(ProductId.tryParse("x".repeat(101) + ".orders")).isEmpty();
    }

    @Test
    void shouldRefuseAnInvalidNameSayingWhatIsAllowed() {
        assertThatThrownBy(() -> new ProductId("Sales", "orders"))
                .hasMessageContaining("'Sales' is not a valid name").hasMessageContaining("[a-z0-9][a-z0-9-]*");
        assertThatThrownBy(() -> ProductId.parse("orders"))
                .hasMessageContaining("expected <domain>.<product>");
        assertThatThrownBy(() -> new ProductId("sales", "orders").major(0))
                .hasMessageContaining("must be 1 or more");
    }
}
