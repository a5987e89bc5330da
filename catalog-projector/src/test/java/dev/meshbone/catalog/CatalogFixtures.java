package dev.meshbone.catalog;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.CompatibilityMode;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.Owner;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.events.QualityRule;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.SchemaRef;
import dev.meshbone.events.ServiceLevelObjectives;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.MeshTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Mesh events as the SDK and governance would write them, for the catalog's tests. */
public final class CatalogFixtures {

    private CatalogFixtures() {
    }

    /** A {@code sales-orders.avsc} descriptor: EMAIL encrypted, ADDRESS left at the default (HASH). */
    public static DataProductDescriptor.Builder descriptor(String domain, String product, int major) {
        return DataProductDescriptor.newBuilder()
                .setId(new ProductId(domain, product).toString())
                .setDomain(domain)
                .setName(product)
                .setMajorVersion(major)
                .setTitle("Orders of " + domain)
                .setDescription("Every order placed in the " + domain + " web shop.")
                .setOwner(new Owner(domain + "-platform", domain + "-team@example.com"))
                .setTags(List.of("orders", "revenue"))
                .setStatus(ProductStatus.ACTIVE)
                .setCompatibility(CompatibilityMode.BACKWARD)
                .setContractSchema(BundledSchemas.load(BundledSchemas.SALES_ORDERS).toString())
                .setSchemaRef(SchemaRef.newBuilder().setGroupId(domain)
                        .setArtifactId(new ProductId(domain, product).major(major).artifactId()).setVersion("1").setGlobalId(42L).build())
                .setPiiProtection(Map.of("EMAIL", PiiProtection.ENCRYPT))
                .setQualityRules(List.of(QualityRule.newBuilder().setId("positive-total")
                        .setDescription("An order is never negative").setExpression("record.total >= 0.0")
                        .setAction(RuleAction.QUARANTINE).build()))
                .setSlo(ServiceLevelObjectives.newBuilder()
                        .setMaxIntervalMillis(Duration.ofMinutes(5).toMillis()).setMaxViolationRate(0.1).build())
                .setIngressTopic(new ProductId(domain, product).ingressTopic())
                .setPublicTopic(new ProductId(domain, product).major(major).publicTopic())
                .setFingerprint("fp-" + major)
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setUpdatedBy("sdk-test");
    }

    /** A violation of the product, detected at {@code at}. */
    public static GovernanceViolation violation(String productId, ViolationCode code, String message, Instant at) {
        return GovernanceViolation.newBuilder()
                .setProductId(productId)
                .setMajorVersion(1)
                .setCode(code)
                .setAction(RuleAction.QUARANTINE)
                .setMessage(message)
                .setFieldPath(code == ViolationCode.UNTAGGED_PII ? "notes" : null)
                .setRuleId(code == ViolationCode.RULE_FAILED ? "positive-total" : null)
                .setSourceTopic(MeshTopics.INGRESS_PREFIX + productId)
                .setSourcePartition(0)
                .setSourceOffset(at.toEpochMilli() % 1000)
                .setRecordTimestamp(at)
                .setDetectedAt(at)
                .setAppInstance("governance-1")
                .build();
    }

    /** A one-minute stats window starting at {@code windowStart}. */
    public static ProductStats stats(String productId, Instant windowStart, long accepted, long quarantined,
                                     long warned, Instant lastAccepted) {
        return ProductStats.newBuilder()
                .setProductId(productId)
                .setWindowStart(windowStart)
                .setWindowEnd(windowStart.plus(Duration.ofMinutes(1)))
                .setAccepted(accepted)
                .setQuarantined(quarantined)
                .setWarned(warned)
                .setQuarantinedByCode(quarantined == 0 ? Map.of() : Map.of("RULE_FAILED", quarantined))
                .setLastEventTime(lastAccepted)
                .setLastAcceptedTime(lastAccepted)
                .build();
    }

    /** A grant of a product to a team by the admin, as {@code mesh access grant} writes it. */
    public static AccessGrant grant(String productId, String team, Instant at) {
        return AccessGrant.newBuilder().setProductId(productId).setTeam(team).setGrantedBy("admin").setGrantedAt(at)
                .build();
    }

    /** The {@code mesh.access} key of a grant. */
    public static String accessKey(String productId, String team) {
        return productId + MeshTopics.ACCESS_KEY_SEPARATOR + team;
    }
}
