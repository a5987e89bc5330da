package dev.meshbone.config.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AclPlanTest {

    static final MeshAccess.Platform PLATFORM = MeshAccess.Platform.withAppIds("meshbone-governance",
            "meshbone-catalog");
    static final MeshAccess MESH = MeshAccess.of(List.of("sales", "marketing"),
            Map.of("analytics", List.of("sales.orders", "marketing.campaigns")), PLATFORM);
    static final AclPlan PLAN = AclPlan.of(MESH);

    /** A binding as one line: principal, resource type, pattern, name, operation. */
    static String line(AclBinding b) {
        return b.entry().principal() + " " + b.pattern().resourceType() + " " + b.pattern().patternType() + " "
                + b.pattern().name() + " " + b.entry().operation();
    }

    static List<String> of(AclPlan plan, String principal) {
        return plan.bindings().stream().filter(b -> b.entry().principal().equals(principal)).map(AclPlanTest::line)
                .toList();
    }

    static List<String> topic(String user, String pattern, String name, String... operations) {
        return java.util.Arrays.stream(operations).map(op -> user + " TOPIC " + pattern + " " + name + " " + op)
                .toList();
    }

    static List<String> all(List<List<String>> parts) {
        return parts.stream().flatMap(List::stream).toList();
    }

    @Test
    void shouldGiveADomainItsIngressItsContractsTopicTheCatalogAndItsGroupsAndNothingElse() {
        assertThat(of(PLAN, "User:sales")).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic("User:sales", "PREFIXED", "mesh.ingress.sales.", "WRITE", "CREATE", "DESCRIBE",
                        "DESCRIBE_CONFIGS"),
                topic("User:sales", "LITERAL", "mesh.contracts.sales", "READ", "WRITE", "CREATE", "DESCRIBE",
                        "DESCRIBE_CONFIGS"),
                topic("User:sales", "LITERAL", "mesh.catalog", "READ", "DESCRIBE"),
                topic("User:sales", "LITERAL", "mesh.products", "READ", "DESCRIBE"),
                List.of("User:sales GROUP PREFIXED sales. READ"))));
    }

    @Test
    void shouldLetGovernanceReadIngressAndContractsAndWriteWhatItProduces() {
        String g = "User:governance";
        List<String> writes = List.of("WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS");
        assertThat(of(PLAN, g)).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic(g, "PREFIXED", "mesh.ingress.", "READ", "DESCRIBE"),
                topic(g, "PREFIXED", "mesh.contracts.", "READ", "DESCRIBE"),
                topic(g, "PREFIXED", "sales.", writes.toArray(String[]::new)),
                topic(g, "PREFIXED", "marketing.", writes.toArray(String[]::new)),
                topic(g, "LITERAL", "mesh.products", "READ", "WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS"),
                topic(g, "LITERAL", "mesh.governance.violations", "READ", "WRITE", "CREATE", "DESCRIBE",
                        "DESCRIBE_CONFIGS"),
                topic(g, "LITERAL", "mesh.governance.quarantine", "WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS",
                        "ALTER_CONFIGS"),
                topic(g, "LITERAL", "mesh.governance.stats", writes.toArray(String[]::new)),
                topic(g, "LITERAL", "mesh.keys", "READ", "WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS"),
                topic(g, "PREFIXED", "meshbone-governance", "ALL"),
                List.of(g + " GROUP PREFIXED meshbone-governance READ",
                        g + " TRANSACTIONAL_ID PREFIXED meshbone-governance WRITE"))));
    }

    @Test
    void shouldLetTheCatalogReadWhatItFoldsAccessIncludedAndWriteTheCatalogAndLineage() {
        String c = "User:catalog";
        assertThat(of(PLAN, c)).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic(c, "LITERAL", "mesh.products", "READ", "DESCRIBE"),
                topic(c, "LITERAL", "mesh.governance.violations", "READ", "DESCRIBE"),
                topic(c, "LITERAL", "mesh.governance.stats", "READ", "DESCRIBE"),
                topic(c, "LITERAL", "mesh.access", "READ", "DESCRIBE"),
                topic(c, "LITERAL", "mesh.catalog", "READ", "WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS"),
                topic(c, "LITERAL", "mesh.lineage", "WRITE", "CREATE", "DESCRIBE", "DESCRIBE_CONFIGS"),
                topic(c, "LITERAL", "mesh.governance.quarantine", "DESCRIBE_CONFIGS"),
                topic(c, "PREFIXED", "meshbone-catalog", "ALL"),
                List.of(c + " GROUP PREFIXED meshbone-catalog READ"))));
    }

    @Test
    void shouldLetATeamReadEveryMajorOfItsGrantedProductsAndUseItsGroups() {
        String t = "User:analytics";
        assertThat(of(PLAN, t)).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic(t, "PREFIXED", "sales.orders.v", "READ", "DESCRIBE"),
                topic(t, "PREFIXED", "marketing.campaigns.v", "READ", "DESCRIBE"),
                topic(t, "LITERAL", "mesh.access", "READ", "DESCRIBE"),
                List.of(t + " GROUP PREFIXED analytics. READ"))));
        for (String topic : List.of("mesh.ingress.sales.orders", "mesh.governance.quarantine", "mesh.keys",
                "sales.customers.v1")) {
            assertThat(PLAN.allows(t, AclOperation.READ, ResourceType.TOPIC, topic)).as(topic).isFalse();
        }
        assertThat(PLAN.allows(t, AclOperation.READ, ResourceType.TOPIC, "sales.orders.v2")).isTrue();
    }

    @Test
    void shouldLetTheCatalogSeeHowLongTheQuarantineKeepsRecordsButNotWhatItHolds() {
        assertThat(PLAN.allows("catalog", AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC,
                "mesh.governance.quarantine")).isTrue();
        assertThat(PLAN.allows("catalog", AclOperation.READ, ResourceType.TOPIC, "mesh.governance.quarantine"))
                .isFalse();
        assertThat(PLAN.allows("catalog", AclOperation.ALTER_CONFIGS, ResourceType.TOPIC,
                "mesh.governance.quarantine")).isFalse();
        assertThat(PLAN.explain("sales", AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, "mesh.governance.quarantine"))
                .isEqualTo("principal User:sales may not alter configs topic mesh.governance.quarantine: only "
                        + "governance keeps the retention of mesh.governance.quarantine bounded");
    }

    @Test
    void shouldLetOpsReadQuarantineKeepTheLedgerAndReplayIntoIngress() {
        String o = "User:ops";
        assertThat(of(PLAN, o)).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic(o, "LITERAL", "mesh.governance.quarantine", "READ", "DESCRIBE"),
                topic(o, "LITERAL", "mesh.governance.violations", "READ", "DESCRIBE"),
                topic(o, "LITERAL", "mesh.catalog", "READ", "DESCRIBE"),
                topic(o, "LITERAL", "mesh.products", "READ", "DESCRIBE"),
                topic(o, "LITERAL", "mesh.governance.replays", "READ", "WRITE", "CREATE", "DESCRIBE",
                        "DESCRIBE_CONFIGS"),
                topic(o, "PREFIXED", "mesh.ingress.", "WRITE", "DESCRIBE"),
                List.of(o + " TRANSACTIONAL_ID PREFIXED mesh-cli-replay- WRITE"),
                topic(o, "LITERAL", "mesh.keys", "READ", "DESCRIBE", "WRITE", "DESCRIBE_CONFIGS"),
                topic(o, "LITERAL", "mesh.governance.quarantine", "DESCRIBE_CONFIGS"),
                topic(o, "LITERAL", "mesh.governance.erasures", "READ", "WRITE", "CREATE", "DESCRIBE",
                        "DESCRIBE_CONFIGS"),
                List.of(o + " TRANSACTIONAL_ID PREFIXED mesh-cli-forget- WRITE"))));
    }

    @Test
    void shouldLetOnlyATeamGrantedKeyAccessReadTheDataKeysNeverADomain() {
        // Given
        AclPlan plan = AclPlan.of(MESH.withKeyAccess("analytics"));

        // Then
        assertThat(of(plan, "User:analytics")).containsAll(topic("User:analytics", "LITERAL", "mesh.keys", "READ",
                "DESCRIBE"));
        assertThat(plan.allows("User:analytics", AclOperation.WRITE, ResourceType.TOPIC, "mesh.keys")).isFalse();
        for (String user : List.of("User:sales", "User:marketing", "User:catalog")) {
            assertThat(plan.allows(user, AclOperation.READ, ResourceType.TOPIC, "mesh.keys")).as(user).isFalse();
        }
        assertThat(PLAN.explain("User:analytics", AclOperation.READ, ResourceType.TOPIC, "mesh.keys"))
                .isEqualTo("principal User:analytics may not read topic mesh.keys: only governance, ops and consumer "
                        + "teams granted key access read mesh.keys: it holds the data keys");
        assertThatThrownBy(() -> MESH.withKeyAccess("finance")).hasMessage("team finance may read the data keys but "
                + "is granted no product: key access comes with a grant");
        assertThat(MESH.withKeyAccess("analytics").revoke("analytics", "sales.orders").keyHolders())
                .containsExactly("analytics");
        assertThat(MESH.withKeyAccess("analytics").revoke("analytics", "sales.orders")
                .revoke("analytics", "marketing.campaigns").keyHolders()).isEmpty();
    }

    @Test
    void shouldGiveOnlyTheseAllowBindingsWithoutWildcardsOrEmptyPrefixes() {
        assertThat(PLAN.principals()).containsExactly("User:analytics", "User:catalog", "User:governance",
                "User:marketing", "User:ops", "User:sales");
        assertThat(PLAN.bindings()).allSatisfy(b -> {
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.entry().principal()).isNotEqualTo("User:*");
            assertThat(b.entry().host()).isEqualTo("*");
            assertThat(b.pattern().name()).isNotEmpty().isNotEqualTo("*");
            assertThat(b.pattern().patternType()).isIn(PatternType.LITERAL, PatternType.PREFIXED);
            assertThat(b.pattern().resourceType()).isNotEqualTo(ResourceType.CLUSTER);
        });
        assertThat(PLAN.bindings()).doesNotHaveDuplicates();
    }

    @Test
    void shouldWriteNothingButItsOwnTopicsAsADomain() {
        for (String topic : List.of("mesh.products", "sales.orders.v1", "mesh.ingress.marketing.campaigns",
                "mesh.contracts.marketing", "mesh.governance.violations", "mesh.keys")) {
            assertThat(PLAN.allows("sales", AclOperation.WRITE, ResourceType.TOPIC, topic)).as(topic).isFalse();
        }
        // The trailing dot: domain sales does not reach domain sales-eu.
        AclPlan both = AclPlan.of(MeshAccess.of(List.of("sales", "sales-eu"), Map.of(), PLATFORM));
        assertThat(both.allows("sales", AclOperation.WRITE, ResourceType.TOPIC, "mesh.ingress.sales-eu.orders"))
                .isFalse();
        assertThat(both.allows("sales", AclOperation.WRITE, ResourceType.TOPIC, "mesh.ingress.sales.orders"))
                .isTrue();
    }

    @Test
    void shouldRefuseTheReservedDomainAndInvalidNamesInOneLine() {
        assertRefused(MeshAccess.of(List.of("mesh"), Map.of(), PLATFORM), "the domain name 'mesh' is reserved");
        assertRefused(MeshAccess.of(List.of("Sales"), Map.of(), PLATFORM), "the domain 'Sales' is not a valid name");
        assertRefused(MeshAccess.of(List.of("sales.eu"), Map.of(), PLATFORM), "'sales.eu' is not a valid name");
        assertRefused(MeshAccess.of(List.of(""), Map.of(), PLATFORM), "the domain is required");
        assertRefused(MeshAccess.of(List.of("ops"), Map.of(), PLATFORM), "'ops' is a platform user's");
        assertRefused(MeshAccess.of(List.of("meshbone-catalog-x"), Map.of(), PLATFORM),
                "starts with the application id meshbone-catalog");
        assertRefused(MeshAccess.of(List.of("sales"), Map.of("mesh", List.of("sales.orders")), PLATFORM),
                "the team name 'mesh' is reserved");
        assertRefused(MeshAccess.of(List.of("sales"), Map.of("bi", List.of("sales")), PLATFORM),
                "team bi is granted 'sales', which is not a product id");
        assertRefused(MeshAccess.of(List.of("sales"), Map.of("bi", List.of("hr.people")), PLATFORM),
                "team bi is granted hr.people, but hr is not a domain of the mesh (domains: sales)");
        assertRefused(MeshAccess.of(List.of(), Map.of(), MeshAccess.Platform.withAppIds("app", "app-2")),
                "the application ids app and app-2 must not be prefixes of one another");
    }

    @Test
    void shouldMergeATeamThatIsAlsoADomain() {
        AclPlan plan = AclPlan.of(MESH.grant("sales", "marketing.campaigns"));

        assertThat(of(plan, "User:sales")).contains("User:sales TOPIC PREFIXED marketing.campaigns.v READ",
                "User:sales GROUP PREFIXED sales. READ").doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepATeamWhoseLastGrantIsRevokedSoThatARevokingApplyReachesItsReads() {
        // Given analytics' reads on the cluster
        MeshAccess revoked = MESH.revoke("analytics", "sales.orders").revoke("analytics", "marketing.campaigns");
        AclPlan plan = AclPlan.of(revoked);

        // Then the team is still a principal of the plan, with nothing but its groups and its grants' record
        assertThat(plan.principals()).contains("User:analytics");
        assertThat(of(plan, "User:analytics")).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic("User:analytics", "LITERAL", "mesh.access", "READ", "DESCRIBE"),
                List.of("User:analytics GROUP PREFIXED analytics. READ"))));
        AclPlanApplier.Changes changes = AclPlanApplier.Changes.between(plan.bindings(), PLAN.bindings(), true,
                false);
        assertThat(changes.deleted()).extracting(AclPlanTest::line).containsExactlyInAnyOrderElementsOf(all(List.of(
                topic("User:analytics", "PREFIXED", "sales.orders.v", "READ", "DESCRIBE"),
                topic("User:analytics", "PREFIXED", "marketing.campaigns.v", "READ", "DESCRIBE"))));
        assertThat(MESH.revoke("analytics", "sales.orders").grants().get("analytics"))
                .containsExactly("marketing.campaigns");
        // Whereas a mesh without the team gives a plan that no longer names it: the applier revokes nothing of it
        MeshAccess dropped = MeshAccess.of(MESH.domains(), Map.of(), PLATFORM);
        assertThat(AclPlan.of(dropped).principals()).doesNotContain("User:analytics");
    }

    @Test
    void shouldExplainARefusalInOneLine() {
        assertThat(PLAN.explain("User:sales", AclOperation.WRITE, ResourceType.TOPIC, "sales.orders.v1"))
                .isEqualTo("principal User:sales may not write topic sales.orders.v1: only governance writes "
                        + "public topics");
        assertThat(PLAN.explain("marketing", AclOperation.WRITE, ResourceType.TOPIC, "mesh.ingress.sales.orders"))
                .isEqualTo("principal User:marketing may not write topic mesh.ingress.sales.orders: only domain "
                        + "sales writes its ingress topics; ops replays quarantined records into ingress topics");
        assertThat(PLAN.explain("sales", AclOperation.WRITE, ResourceType.TOPIC, "mesh.products"))
                .isEqualTo("principal User:sales may not write topic mesh.products: only governance writes "
                        + "mesh.products (domains announce on mesh.contracts.<domain>)");
        assertThat(PLAN.explain("analytics", AclOperation.READ, ResourceType.TOPIC, "mesh.governance.quarantine"))
                .isEqualTo("principal User:analytics may not read topic mesh.governance.quarantine: only ops "
                        + "reads mesh.governance.quarantine: it holds raw personal data");
        assertThat(PLAN.explain("analytics", AclOperation.READ, ResourceType.TOPIC, "sales.customers.v1"))
                .isEqualTo("principal User:analytics may not read topic sales.customers.v1: no team is granted "
                        + "sales.customers (mesh acl apply --grant sales.customers=TEAM)");
        assertThat(PLAN.explain("bi", AclOperation.READ, ResourceType.TOPIC, "sales.orders.v1"))
                .isEqualTo("principal User:bi may not read topic sales.orders.v1: User:bi is in no row of the ACL "
                        + "plan (neither a domain, a consumer team nor a platform user); only teams granted "
                        + "sales.orders read its public topics");
        assertThat(PLAN.explain("sales", AclOperation.READ, ResourceType.GROUP, "analytics.dashboard"))
                .isEqualTo("principal User:sales may not read group analytics.dashboard: only team analytics uses "
                        + "the consumer groups analytics.*");
        assertThat(PLAN.explain("sales", AclOperation.DELETE, ResourceType.TOPIC, "other"))
                .isEqualTo("principal User:sales may not delete topic other: the plan lets nobody do that");
        assertThat(PLAN.explain("sales", AclOperation.WRITE, ResourceType.TOPIC, "mesh.ingress.sales.orders"))
                .startsWith("principal User:sales may write topic mesh.ingress.sales.orders by the mesh's ACL plan");
    }

    @Test
    void shouldKeepATeamWithOnlyExpiredGrantsReadingItsGrantsAndSayItsGrantExpired() {
        Instant ended = Instant.parse("2026-11-30T12:00:00Z");
        AclPlan plan = AclPlan.of(MeshAccess.of(MESH.domains(), Map.of(), PLATFORM)
                .withExpired(Map.of("analytics", Map.of("sales.orders", ended))));
        String t = "User:analytics";

        assertThat(plan.allows(t, AclOperation.READ, ResourceType.TOPIC, "sales.orders.v1")).isFalse();
        assertThat(plan.allows(t, AclOperation.READ, ResourceType.TOPIC, "mesh.access")).isTrue();
        assertThat(plan.explain(t, AclOperation.READ, ResourceType.TOPIC, "sales.orders.v1"))
                .isEqualTo("principal User:analytics may not read topic sales.orders.v1: its grant of sales.orders "
                        + "expired at 2026-11-30T12:00:00Z (renew it: mesh access grant sales.orders --to analytics "
                        + "--for 30d)");
        assertThat(plan.explain(t, AclOperation.READ, ResourceType.TOPIC, "sales.customers.v1"))
                .doesNotContain("expired");
    }

    @Test
    void shouldImplyDescribeAsKafkaDoes() {
        assertThat(PLAN.allows("governance", AclOperation.DESCRIBE, ResourceType.GROUP, "meshbone-governance"))
                .isTrue();
        assertThat(PLAN.allows("governance", AclOperation.DELETE, ResourceType.TOPIC,
                "meshbone-governance-hold-store-changelog")).isTrue();
        assertThat(PLAN.allows("catalog", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "meshbone-catalog-1"))
                .isFalse();
    }

    private static void assertRefused(MeshAccess mesh, String message) {
        assertThatThrownBy(() -> AclPlan.of(mesh)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
