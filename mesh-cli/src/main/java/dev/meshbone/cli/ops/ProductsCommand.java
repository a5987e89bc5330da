package dev.meshbone.cli.ops;

import dev.meshbone.contract.Lifecycle;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.ProductVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "products", mixinStandardHelpOptions = true,
        description = "List the data products in the catalog, with owner, status, counts and SLO state.",
        footer = {"", "Examples:", "  mesh products", "  mesh products --bootstrap-servers kafka:9092"})
public final class ProductsCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, CatalogEntry> entries = Catalog.read(cluster.client("products"));
        Table table = new Table("PRODUCT", "OWNER", "STATUS", "ACCEPTED", "QUARANTINED", "WARNED", "SLO", "TOPIC");
        entries.values().forEach(e -> table.row(e.getId() + (e.getRegistered() ? "" : " (unregistered)"),
                e.getOwner() == null ? null : e.getOwner().getTeam(), e.getStatus(), e.getCounts().getAccepted(),
                e.getCounts().getQuarantined(), e.getCounts().getWarned(), Catalog.slo(e),
                currentTopic(e.getVersions())));
        table.print(spec.commandLine().getOut());
        spec.commandLine().getOut().println(table.size() + " product(s)");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The topic new consumers read: the current major's (the catalog describes the same one). */
    static String currentTopic(List<ProductVersion> versions) {
        return Lifecycle.current(versions, ProductVersion::getMajorVersion, ProductVersion::getStatus)
                .map(ProductVersion::getPublicTopic).orElse(null);
    }
}
