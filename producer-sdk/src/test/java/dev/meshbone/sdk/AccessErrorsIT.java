package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a domain service sees when the secure mesh refuses it: one line naming who, what and why. */
@ExtendWith(MeshClusterExtension.class)
class AccessErrorsIT {

    private final MeshCluster cluster;

    AccessErrorsIT(MeshCluster cluster) {
        this.cluster = cluster;
    }

    private MeshConfig configOf(Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        return MeshConfig.builder().properties(props).build();
    }

    @Test
    void shouldSayTheLoginWasRefusedForAWrongPassword() {
        // Given: a domain's settings with a wrong password
        MeshPrincipal domain = cluster.createPrincipal(MeshClusterExtension.uniqueName("pw"), PrincipalKind.DOMAIN);
        Map<String, String> settings = new java.util.HashMap<>(cluster.settings(domain));
        settings.replaceAll((k, v) -> v.replace(domain.password(), "not-the-password"));

        // When
        MeshException e = catchThrowableOfType(MeshException.class, () -> MeshPublisher.open(configOf(settings),
                Fixtures.orders(domain.name()).build(), Order.class));

        // Then
        assertThat(e.getMessage()).contains("refused the login of user " + domain.name())
                .contains("wrong password").doesNotContain("not-the-password");
    }

    @Test
    void shouldNameTheOwnerWhenADomainRegistersInAnotherDomainsGroup() {
        // Given: two domains, each owning its registry group
        MeshPrincipal sales = cluster.createPrincipal(MeshClusterExtension.uniqueName("sales"), PrincipalKind.DOMAIN);
        MeshPrincipal hr = cluster.createPrincipal(MeshClusterExtension.uniqueName("hr"), PrincipalKind.DOMAIN);
        cluster.createRegistryGroup(sales.name(), sales.name());
        cluster.createRegistryGroup(hr.name(), hr.name());
        DataProduct hrsProduct = Fixtures.orders(hr.name()).build();

        // When: sales' service declares a product of hr
        MeshException e = catchThrowableOfType(MeshException.class, () -> MeshPublisher.open(
                configOf(cluster.settings(sales)), hrsProduct, Order.class));

        // Then
        assertThat(e.getMessage()).startsWith("Registry user " + sales.name() + " may not POST")
                .contains("only the owner of group " + hr.name());
    }
}
