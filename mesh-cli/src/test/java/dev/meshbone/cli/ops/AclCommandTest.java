package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.contract.ProductId;
import org.junit.jupiter.api.Test;

/** The plan's copies of what mesh-contract and the apps define, kept equal. */
class AclCommandTest {

    @Test
    void shouldValidateNamesAsProductIdDoes() {
        assertThat(AclPlan.NAME.pattern()).isEqualTo(ProductId.NAME.pattern());
        assertThat(AclPlan.MAX_NAME_LENGTH).isEqualTo(ProductId.MAX_NAME_LENGTH);
        assertThat(AclPlan.RESERVED_DOMAIN).isEqualTo(ProductId.RESERVED_DOMAIN);
    }

    @Test
    void shouldTakeTheApplicationIdsFromTheAppsSettings() {
        assertThat(AclCommand.platform().governanceAppId()).isEqualTo("meshbone-governance");
        assertThat(AclCommand.platform().catalogAppId()).isEqualTo("meshbone-catalog");
        assertThat(MeshAccess.Platform.DEFAULT).as("the plan the SDK explains refusals with")
                .isEqualTo(AclCommand.platform());
    }
}
