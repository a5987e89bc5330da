package dev.meshbone.cli.ops;

import dev.meshbone.events.CatalogEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "product", mixinStandardHelpOptions = true,
        description = "Show one product's catalog entry: owner, topics, schema with PII, rules, SLOs, violations.",
        footer = {"", "Examples:", "  mesh product sales.orders"})
public final class ProductCommand implements Callable<Integer> {

    @Parameters(paramLabel = "PRODUCT_ID", description = "<domain>.<product>, e.g. sales.orders")
    String productId;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CatalogEntry e = Catalog.read(cluster.client("product")).get(productId);
        if (e == null) {
            throw new IllegalArgumentException("no product '" + productId + "' in the catalog (see `mesh products`)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s  %s%n", e.getId(), e.getTitle());
        if (!e.getRegistered()) {
            out.println("  UNREGISTERED: seen only in violations; no descriptor was announced");
        }
        out.printf("  %s%n", e.getDescription());
        out.printf("  owner:     %s%n", e.getOwner() == null ? "-" : e.getOwner().getTeam() + " <" + e.getOwner().getContact() + ">");
        out.printf("  status:    %s   compatibility: %s   tags: %s%n", e.getStatus(), e.getCompatibility(), e.getTags());
        e.getVersions().forEach(v -> out.printf("  v%d:        subscribe to %s (%s, registry %s/%s)%n",
                v.getMajorVersion(), v.getPublicTopic(), v.getStatus(), v.getSchemaRef().getGroupId(),
                v.getSchemaRef().getArtifactId()));
        out.printf("  counts:    accepted %d, quarantined %d, warned %d (last hour: %d / %d / %d)%n",
                e.getCounts().getAccepted(), e.getCounts().getQuarantined(), e.getCounts().getWarned(),
                e.getCountsLastHour().getAccepted(), e.getCountsLastHour().getQuarantined(),
                e.getCountsLastHour().getWarned());
        out.printf("  SLO:       %s (freshness ok: %s, violation rate ok: %s)%n", Catalog.slo(e),
                e.getSloStatus().getFreshnessOk(), e.getSloStatus().getViolationRateOk());
        if (e.getCurrentSchema() != null) {
            out.printf("  schema:    %s (version %s)%n", e.getCurrentSchema().getFullName(), e.getCurrentSchema().getVersion());
            e.getCurrentSchema().getFields().forEach(f -> out.printf("    %-28s %-14s %s%n", f.getPath(), f.getType(),
                    ((f.getPiiCategory() == null ? "" : "PII " + f.getPiiCategory() + " → "
                            + (f.getProtection() == null ? "each field" : f.getProtection()))
                            + (f.getAllowed().isEmpty() ? "" : " scan allows " + String.join(", ", f.getAllowed())))
                            .strip()));
        }
        e.getQualityRules().forEach(r -> out.printf("  rule:      %s [%s] %s%n", r.getId(), r.getAction(), r.getExpression()));
        e.getRecentViolations().forEach(v -> out.printf("  violation: %s %s %s%n", v.getDetectedAt(), v.getCode(),
                v.getMessage()));
        out.flush();
        return 0;
    }
}
