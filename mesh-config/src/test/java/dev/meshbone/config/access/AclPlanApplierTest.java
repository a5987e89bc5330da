package dev.meshbone.config.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** What the applier would change; against a broker, {@code AclPlanApplierIT} (pending the secure test kit). */
class AclPlanApplierTest {

    private static final List<AclBinding> PLAN = AclPlanTest.PLAN.bindings();

    private static AclBinding sales(String topic, AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:sales", "*", AclOperation.WRITE, permission));
    }

    @Test
    void shouldCreateEverythingOnAClusterWithoutAcls() {
        AclPlanApplier.Changes changes = AclPlanApplier.Changes.between(PLAN, List.of(), true, false);

        assertThat(changes.created()).isEqualTo(PLAN);
        assertThat(changes.alreadyPresent()).isEmpty();
        assertThat(changes.deleted()).isEmpty();
    }

    @Test
    void shouldCreateOnlyWhatIsMissing() {
        List<AclBinding> existing = new ArrayList<>(PLAN.subList(0, 5));

        AclPlanApplier.Changes changes = AclPlanApplier.Changes.between(PLAN, existing, false, true);

        assertThat(changes.alreadyPresent()).isEqualTo(existing);
        assertThat(changes.created()).hasSize(PLAN.size() - 5).doesNotContainAnyElementsOf(existing);
        assertThat(changes.dryRun()).isTrue();
        assertThat(AclPlanApplier.Changes.between(PLAN, PLAN, true, false).created()).isEmpty();
    }

    @Test
    void shouldRevokeOnlyAllowBindingsTheAskedForAndThePlanLacks() {
        AclBinding stale = sales("mesh.products", AclPermissionType.ALLOW);
        AclBinding deny = sales("mesh.keys", AclPermissionType.DENY);
        List<AclBinding> existing = new ArrayList<>(PLAN);
        existing.add(stale);
        existing.add(deny);

        assertThat(AclPlanApplier.Changes.between(PLAN, existing, true, false).deleted()).containsExactly(stale);
        assertThat(AclPlanApplier.Changes.between(PLAN, existing, false, false).deleted()).isEmpty();
    }
}
