package dev.meshbone.cli.ops;

import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.access.Grants;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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
                AccessCommand.ListCommand.class, AccessCommand.ExpireCommand.class},
        footer = {"", "Examples:", "  mesh access grant sales.orders --to analytics --for 30d",
                "  mesh access revoke sales.orders --from analytics", "  mesh access list --team analytics",
                "  mesh access expire"})
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
                    "The product must be in " + MeshTopics.PRODUCTS + "; the team must have a SCRAM user. A grant "
                    + "with an end (--for, --until) expires then: mesh access expire (mesh up runs it every "
                    + "30 s) deletes its ACLs. Granting again renews it.",
                    "--with-keys also lets it read the data keys (" + MeshTopics.KEYS + "), so that MeshConsumer "
                            + "decrypts ENCRYPT fields; the team needs the mesh's keystore as well."},
            footer = {"", "Examples:", "  mesh access grant sales.orders --to analytics",
                    "  mesh access grant sales.orders --to analytics --for 30d",
                    "  mesh access grant sales.orders --to analytics --until 2027-06-30",
                    "  mesh access grant customers.profiles --to crm-support --with-keys",
                    "  mesh access grant sales.orders --to analytics --command-config admin.conf",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class GrantCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PRODUCT", description = "The product id, e.g. sales.orders.")
        String product;

        @Option(names = "--to", required = true, paramLabel = "TEAM", description = "The consumer team.")
        String team;

        @Option(names = "--for", paramLabel = "DURATION",
                description = "The grant ends after this long: 30d, 12h, 45m or ISO-8601 (P30D). Default: never.")
        String duration;

        @Option(names = "--until", paramLabel = "WHEN",
                description = "The grant ends then: 2027-06-30T18:00:00Z, or a date (its start, UTC).")
        String until;
        @Option(names = "--with-keys", description = "Key access too: the team may read " + MeshTopics.KEYS
                + " to decrypt ENCRYPT fields (granting again without it does not take it away; revoke does).")
        boolean withKeys;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            checkNames(spec, product, team);
            Instant now = Instant.now();
            Instant ends = end(now);
            Properties client = cluster.client("access");
            try (Admin admin = Admin.create(client)) {
                SortedSet<String> products = knownProduct(client, product);
                requirePrincipal(admin, team);
                new TopicProvisioner(admin, cluster.replicationFactor())
                        .ensure(MeshTopicDefinitions.ACCESS, AdminCalls.TIMEOUT);
                Grants grants = AccessGrants.read(client);
                Optional<AccessGrant> before = grants.get(product, team);
                // Granting again without --with-keys does not take key access away; revoke does.
                boolean keysRecorded = withKeys || before.map(AccessGrant::getWithKeys).orElse(false);
                boolean same = before.isPresent() && Objects.equals(before.get().getExpiresAt(), ends)
                        && before.get().getWithKeys() == keysRecorded;
                // Recorded first: mesh.access is the truth, and granting again heals ACLs a failure left missing.
                if (!same) {
                    AccessGrants.write(client, product, team, AccessGrant.newBuilder().setProductId(product)
                            .setTeam(team).setGrantedBy(AccessGrants.principal(client, cluster.registryUsername()))
                            .setGrantedAt(now).setExpiresAt(ends).setWithKeys(keysRecorded).build());
                }
                SortedSet<String> granted = grants.live(team, now);
                granted.add(product);
                Map<String, Instant> expired = new TreeMap<>(grants.expired(now).getOrDefault(team, new TreeMap<>()));
                expired.remove(product);
                boolean keys = keysRecorded || AccessGrants.holdsKeys(grants, team, null, now);
                // Only the team's rows: a grant is no occasion to change other principals' ACLs.
                List<AclBinding> rows = AccessGrants.teamBindings(
                        AccessGrants.plan(products, team, granted, expired, keys), team);
                AclPlanApplier.Changes changes = AclPlanApplier.Changes.between(rows, new AclPlanApplier(admin,
                        AdminCalls.TIMEOUT).existing(List.of("User:" + team)), false, false);
                if (!changes.created().isEmpty()) {
                    AdminCalls.await(admin.createAcls(changes.created()).all(), "create the ACLs of " + team);
                }
                PrintWriter out = spec.commandLine().getOut();
                aclTable(rows).print(out);
                String what = same ? team + " was already granted " + product
                        : (before.isPresent() ? "Renewed " : "Granted ") + product + " to " + team;
                out.println(what + (ends == null ? " (until revoked)" : " until " + ends)
                        + (keys ? " with key access (give the team the mesh's keystore: keys.keystore)" : "")
                        + "; ACLs of " + team + ": created " + changes.created().size() + ", already present "
                        + changes.alreadyPresent().size());
                out.flush();
                return 0;
            }
        }

        private Instant end(Instant now) {
            if (duration != null && until != null) {
                throw usage(spec, "say --for or --until, not both");
            }
            try {
                Instant ends = duration != null ? AccessGrants.endAfter(now, duration)
                        : until != null ? AccessGrants.until(until) : null;
                if (ends != null && !ends.isAfter(now)) {
                    throw usage(spec, "--until " + until + " has passed");
                }
                return ends;
            } catch (IllegalArgumentException e) {
                throw usage(spec, e.getMessage());
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
                Grants grants = AccessGrants.read(client);
                if (grants.get(product, team).isEmpty()) {
                    throw new IllegalStateException(team + " has no grant of " + product + " (see mesh access list "
                            + "--team " + team + ")");
                }
                // ACLs go first, so that a failure here leaves the grant recorded and a second revoke finishes.
                Instant now = Instant.now();
                SortedSet<String> after = grants.live(team, now);
                after.remove(product);
                Map<String, Instant> expired = new TreeMap<>(grants.expired(now).getOrDefault(team, new TreeMap<>()));
                expired.remove(product);
                List<AclBinding> stale = dropRows(admin, client, team, grants, now, after, expired,
                        AccessGrants.holdsKeys(grants, team, product, now));
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
            description = "The grants on " + MeshTopics.ACCESS + " as a table: product, team, key access, granted by, "
                    + "granted at, and when each ends (never, a time, or expired).",
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
            Table table = new Table("PRODUCT", "TEAM", "KEYS", "GRANTED BY", "GRANTED AT", "ENDS");
            Instant now = Instant.now();
            AccessGrants.read(client).byKey().values().stream()
                    .filter(g -> product == null || g.getProductId().equals(product))
                    .filter(g -> team == null || g.getTeam().equals(team))
                    .forEach(g -> table.row(g.getProductId(), g.getTeam(), g.getWithKeys() ? "yes" : "no",
                            g.getGrantedBy(), g.getGrantedAt(), g.getExpiresAt() == null ? "never"
                                    : (Grants.isExpired(g, now) ? "expired " : "") + g.getExpiresAt()));
            PrintWriter out = spec.commandLine().getOut();
            table.print(out);
            out.println(table.size() + (table.size() == 1 ? " grant" : " grants"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true,
            description = {"Enforce the ends of grants: deletes the ACLs of every grant on " + MeshTopics.ACCESS
                    + " whose end has passed (the grant stays listed as expired, so a refused reader is told why, "
                    + "until it is revoked or renewed). Idempotent; run it as the admin from a scheduler "
                    + "(mesh up runs it every 30 s)."},
            footer = {"", "Examples:", "  mesh access expire", "  mesh access expire --dry-run",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class ExpireCommand implements Callable<Integer> {

        @Option(names = "--dry-run", description = "Print the ACLs it would delete; change nothing.")
        boolean dryRun;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Properties client = cluster.client("access");
            try (Admin admin = Admin.create(client)) {
                List<AclBinding> deleted = expire(admin, client, Instant.now(), dryRun);
                PrintWriter out = spec.commandLine().getOut();
                if (!deleted.isEmpty()) {
                    aclTable(deleted).print(out);
                }
                out.println((dryRun ? "Would delete " : "Deleted ") + deleted.size() + " ACLs of expired grants");
                out.flush();
                return 0;
            }
        }
    }

    /** Deletes the ACLs of every expired grant (or, with {@code dryRun}, only says which); returns them. */
    public static List<AclBinding> expire(Admin admin, Properties client, Instant now, boolean dryRun) {
        Grants grants = AccessGrants.read(client);
        List<AclBinding> deleted = new ArrayList<>();
        for (Map.Entry<String, SortedMap<String, Instant>> team : grants.expired(now).entrySet()) {
            SortedSet<String> live = grants.live(team.getKey(), now);
            boolean keys = AccessGrants.holdsKeys(grants, team.getKey(), null, now);
            deleted.addAll(dryRun ? staleRows(admin, client, team.getKey(), grants, now, live, team.getValue(), keys)
                    : dropRows(admin, client, team.getKey(), grants, now, live, team.getValue(), keys));
        }
        return deleted;
    }

    /** Deletes, and returns, the team's ACLs that its grants as they were give and {@code after} does not. */
    private static List<AclBinding> dropRows(Admin admin, Properties client, String team, Grants grants, Instant now,
                                             SortedSet<String> after, Map<String, Instant> expired,
                                             boolean keysAfter) {
        List<AclBinding> stale = staleRows(admin, client, team, grants, now, after, expired, keysAfter);
        if (!stale.isEmpty()) {
            AdminCalls.await(admin.deleteAcls(stale.stream().map(AclBinding::toFilter).toList()).all(),
                    "delete the ACLs of " + team);
        }
        return stale;
    }

    /**
     * The team's existing ACLs of the plan with every grant it has on record (live or not, key access if any has
     * it) less those of the plan with only {@code after} live and {@code keysAfter}: its other grants' bindings (and
     * its groups while it keeps a grant) stay.
     */
    private static List<AclBinding> staleRows(Admin admin, Properties client, String team, Grants grants,
                                              Instant now, SortedSet<String> after, Map<String, Instant> expired,
                                              boolean keysAfter) {
        SortedSet<String> before = new TreeSet<>(grants.live(team, now));
        before.addAll(grants.expired(now).getOrDefault(team, new TreeMap<>()).keySet());
        boolean keysBefore = grants.byKey().values().stream().anyMatch(g -> g.getTeam().equals(team)
                && g.getWithKeys());
        SortedSet<String> products = AccessGrants.products(client);
        List<AclBinding> stale = new ArrayList<>(AccessGrants.teamBindings(
                AccessGrants.plan(products, team, before, Map.of(), keysBefore), team));
        stale.removeAll(AccessGrants.teamBindings(AccessGrants.plan(products, team, after, expired, keysAfter),
                team));
        stale.retainAll(new AclPlanApplier(admin, AdminCalls.TIMEOUT).existing(List.of("User:" + team)));
        return stale;
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
            AccessGrants.plan(Set.of(), team, Set.of(product), Map.of(), false);
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
