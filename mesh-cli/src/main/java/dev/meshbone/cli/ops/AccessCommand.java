package dev.meshbone.cli.ops;

import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.ProductId;
import dev.meshbone.events.AccessGrant;
import dev.meshbone.schemas.MeshTopics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "access", mixinStandardHelpOptions = true,
        description = "Which consumer teams may read which products: grants recorded on " + MeshTopics.ACCESS
                + " and applied as ACLs.",
        subcommands = {AccessCommand.GrantCommand.class, AccessCommand.RevokeCommand.class,
                AccessCommand.ListCommand.class},
        footer = {"", "Examples:", "  mesh access grant sales.orders --to analytics",
                "  mesh access revoke sales.orders --from analytics", "  mesh access list --team analytics"})
public final class AccessCommand implements Runnable {


    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say `grant`, `revoke` or `list`");
    }

    @Command(name = "grant", mixinStandardHelpOptions = true,
            description = {"Let a consumer team read a product's public topics (every major) and use its consumer "
                    + "groups <team>.*: records the grant on " + MeshTopics.ACCESS + " and creates the team's ACLs "
                    + "of the plan. Run as the admin (managing ACLs needs ALTER on the cluster).",
                    "The product must be in " + MeshTopics.PRODUCTS + "; the team must have a SCRAM user."},
            footer = {"", "Examples:", "  mesh access grant sales.orders --to analytics",
                    "  mesh access grant sales.orders --to analytics --with-keys",
                    "  mesh access grant sales.orders --to analytics --command-config admin.conf",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class GrantCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product id, e.g. sales.orders.")
        String product;

        @Option(names = "--to", required = true, paramLabel = "TEAM", description = "The consumer team.")
        String team;

        @Option(names = "--with-keys", description = "Also let the team read the data keys (" + MeshTopics.KEYS
                + "), to decrypt ENCRYPTed fields; it needs the key-encryption keys as well. Every product's keys: "
                + "a data subject's key is shared by the products about that kind of subject.")
        boolean withKeys;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            checkNames(spec, product, team);
            Properties client = cluster.client("access");
            try (Admin admin = Admin.create(client)) {
                SortedSet<String> products = knownProduct(client, product);
                requirePrincipal(admin, team);
                new TopicProvisioner(admin, cluster.replicationFactor())
                        .ensure(MeshTopicDefinitions.ACCESS, AdminCalls.TIMEOUT);
                Map<String, AccessGrant> grants = AccessGrants.read(client);
                AccessGrant existing = grants.get(AccessGrants.key(product, team));
                boolean already = existing != null && (existing.getWithKeys() || !withKeys);
                // Recorded first: mesh.access is the truth, and granting again heals ACLs a failure left missing.
                if (!already) {
                    AccessGrant grant = AccessGrant.newBuilder().setProductId(product).setTeam(team)
                            .setGrantedBy(AccessGrants.principal(client, cluster.registryUsername()))
                            .setGrantedAt(Instant.now()).setWithKeys(withKeys).build();
                    AccessGrants.write(client, product, team, grant);
                    grants.put(AccessGrants.key(product, team), grant);
                }
                SortedSet<String> granted = AccessGrants.of(grants, team);
                // Only the team's rows: a grant is no occasion to change other principals' ACLs.
                List<AclBinding> rows = AccessGrants.teamBindings(AccessGrants.plan(products, team, granted,
                        AccessGrants.holdsKeys(grants, team)), team);
                AclPlanApplier.Changes changes = AclPlanApplier.Changes.between(rows, new AclPlanApplier(admin,
                        AdminCalls.TIMEOUT).existing(List.of("User:" + team)), false, false);
                if (!changes.created().isEmpty()) {
                    AdminCalls.await(admin.createAcls(changes.created()).all(), "create the ACLs of " + team);
                }
                PrintWriter out = spec.commandLine().getOut();
                aclTable(rows).print(out);
                out.println((already ? team + " was already granted " + product : "Granted " + product + " to " + team)
                        + "; ACLs of " + team + ": created " + changes.created().size() + ", already present "
                        + changes.alreadyPresent().size());
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Take a product away from a consumer team: deletes exactly the team's ACLs for that "
                    + "product (its other grants keep theirs) and writes the grant's tombstone on "
                    + MeshTopics.ACCESS + ". Run as the admin.",
            footer = {"", "Examples:", "  mesh access revoke sales.orders --from analytics",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class RevokeCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product id, e.g. sales.orders.")
        String product;

        @Option(names = "--from", required = true, paramLabel = "TEAM", description = "The consumer team.")
        String team;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            checkNames(spec, product, team);
            Properties client = cluster.client("access");
            try (Admin admin = Admin.create(client)) {
                if (!AdminCalls.topicExists(admin, MeshTopics.ACCESS)) {
                    throw new IllegalStateException(team + " has no grant of " + product + " (nothing was ever "
                            + "granted: " + MeshTopics.ACCESS + " does not exist)");
                }
                Map<String, AccessGrant> grants = AccessGrants.read(client);
                if (!grants.containsKey(AccessGrants.key(product, team))) {
                    throw new IllegalStateException(team + " has no grant of " + product + " (see mesh access list "
                            + "--team " + team + ")");
                }
                SortedSet<String> before = AccessGrants.of(grants, team);
                boolean keysBefore = AccessGrants.holdsKeys(grants, team);
                grants.remove(AccessGrants.key(product, team));
                SortedSet<String> after = AccessGrants.of(grants, team);
                boolean keysAfter = AccessGrants.holdsKeys(grants, team);
                // The team's rows of the plan with the grant, less those of the plan without it: its other grants'
                // bindings (and its groups while it keeps a grant) stay. ACLs go first, so that a failure here
                // leaves the grant recorded and a second revoke finishes the job.
                SortedSet<String> products = AccessGrants.products(client);
                List<AclBinding> stale = new ArrayList<>(AccessGrants.teamBindings(
                        AccessGrants.plan(products, team, before, keysBefore), team));
                stale.removeAll(AccessGrants.teamBindings(AccessGrants.plan(products, team, after, keysAfter), team));
                stale.retainAll(new AclPlanApplier(admin, AdminCalls.TIMEOUT).existing(List.of("User:" + team)));
                if (!stale.isEmpty()) {
                    AdminCalls.await(admin.deleteAcls(stale.stream().map(AclBinding::toFilter).toList()).all(),
                            "delete the ACLs of " + team);
                }
                AccessGrants.write(client, product, team, null);
                PrintWriter out = spec.commandLine().getOut();
                if (!stale.isEmpty()) {
                    aclTable(stale).print(out);
                }
                out.println("Revoked " + product + " from " + team + "; ACLs deleted " + stale.size()
                        + (after.isEmpty() ? "" : "; still granted " + String.join(", ", after)));
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The grants on " + MeshTopics.ACCESS + " as a table: product, team, granted by, granted at, "
                    + "whether with key access.",
            footer = {"", "Examples:", "  mesh access list", "  mesh access list --product sales.orders",
                    "  mesh access list --team analytics",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class ListCommand implements Callable<Integer> {

        @Option(names = "--product", paramLabel = "PRODUCT", description = "Only this product's grants.")
        String product;

        @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's grants.")
        String team;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (product != null) {
                productId(spec, product);
            }
            Properties client = cluster.client("access");
            Table table = new Table("PRODUCT", "TEAM", "GRANTED BY", "GRANTED AT", "KEYS");
            try (Admin admin = Admin.create(client)) {
                if (AdminCalls.topicExists(admin, MeshTopics.ACCESS)) {
                    AccessGrants.read(client).values().stream()
                            .filter(g -> product == null || g.getProductId().equals(product))
                            .filter(g -> team == null || g.getTeam().equals(team))
                            .forEach(g -> table.row(g.getProductId(), g.getTeam(), g.getGrantedBy(),
                                    g.getGrantedAt(), g.getWithKeys() ? "yes" : "no"));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            table.print(out);
            out.println(table.size() + (table.size() == 1 ? " grant" : " grants"));
            out.flush();
            return 0;
        }
    }

    /** Refuses, as usage errors, what no cluster could make right: a bad product id, team name or plan name. */
    static void checkNames(CommandSpec spec, String product, String team) {
        ProductId id = productId(spec, product);
        if (id.domain().equals(ProductId.RESERVED_DOMAIN)) {
            throw usage(spec, "'" + product + "' is in the reserved domain " + ProductId.RESERVED_DOMAIN
                    + ": no product lives there");
        }
        ProductId.nameProblem(team).ifPresent(problem -> {
            throw usage(spec, "the team " + problem);
        });
        try {
            // The plan's own checks: the reserved name, platform users' names, names under an application id.
            AccessGrants.plan(Set.of(), team, Set.of(product), false);
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    private static ProductId productId(CommandSpec spec, String product) {
        try {
            return ProductId.parse(product);
        } catch (IllegalArgumentException e) {
            throw usage(spec, e.getMessage());
        }
    }

    /** The products in force; fails in one line when {@code product} is not among them. */
    private static SortedSet<String> knownProduct(Properties client, String product) {
        SortedSet<String> products = AccessGrants.products(client);
        if (!products.contains(product)) {
            throw new IllegalStateException("unknown product " + product + ": it has no contract in force on "
                    + MeshTopics.PRODUCTS + " (mesh products lists the catalog)");
        }
        return products;
    }

    /** Fails in one line when the team has no SCRAM user: a grant to nobody would wait for whoever takes the name. */
    private static void requirePrincipal(Admin admin, String team) {
        if (!AdminCalls.userExists(admin, team)) {
            throw new IllegalStateException("team " + team + " has no principal on the cluster (no SCRAM user "
                    + team + "): create its user first");
        }
    }

    static Table aclTable(List<AclBinding> bindings) {
        Table table = new Table("PRINCIPAL", "RESOURCE", "PATTERN", "NAME", "OPERATION");
        bindings.forEach(b -> table.row(b.entry().principal(), b.pattern().resourceType(),
                b.pattern().patternType(), b.pattern().name(), b.entry().operation()));
        return table;
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
