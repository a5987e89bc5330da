package dev.meshbone.cli;

import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;

/**
 * The README's "who may do what" table, generated from the plan `mesh acl apply` builds for an example mesh: one
 * domain, one team granted one of its products and key access, the apps' default application ids.
 */
final class AclTable {

    private AclTable() {
    }

    static AclPlan example() {
        return AclPlan.of(MeshAccess.of(List.of("sales"), Map.of("analytics", List.of("sales.orders")),
                dev.meshbone.cli.ops.AclCommand.platform()).withKeyAccess("analytics"));
    }

    /** One row per principal and resource, its operations joined. */
    static String markdown() {
        Map<String, List<AclBinding>> rows = new LinkedHashMap<>();
        for (AclBinding b : example().bindings()) {
            String resource = b.pattern().resourceType().name().toLowerCase().replace('_', ' ') + " "
                    + (b.pattern().patternType() == PatternType.PREFIXED ? "prefix " : "") + "`" + b.pattern().name()
                    + "`";
            rows.computeIfAbsent("| `" + b.entry().principal() + "` | " + resource, k -> new java.util.ArrayList<>())
                    .add(b);
        }
        StringBuilder table = new StringBuilder("| principal | resource | operations |\n|---|---|---|\n");
        rows.forEach((row, bindings) -> table.append(row).append(" | ").append(bindings.stream()
                .map(b -> b.entry().operation().name()).collect(Collectors.joining(", "))).append(" |\n"));
        return table.toString();
    }
}
