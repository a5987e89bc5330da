package dev.meshbone.cli.ops;

import dev.meshbone.catalog.config.CatalogSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.config.access.StrimziUsers;
import dev.meshbone.contract.ProductId;
import dev.meshbone.governance.config.GovernanceSettings;
import dev.meshbone.schemas.MeshTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "acl", mixinStandardHelpOptions = true,
        description = "The mesh's ACL plan: who may do what on Kafka.",
        subcommands = {AclCommand.ApplyCommand.class},
        footer = {"", "Examples:", "  mesh acl apply --dry-run", "  mesh acl apply --grant sales.orders=analytics"})
public final class AclCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say `apply`");
    }

    /** The platform users, with the apps' application ids as their own settings default them. */
    public static MeshAccess.Platform platform() {
        return MeshAccess.Platform.withAppIds(defaultOf(GovernanceSettings.SETTINGS, GovernanceSettings.APPLICATION_ID),
                defaultOf(CatalogSettings.SETTINGS, CatalogSettings.APPLICATION_ID));
    }

    private static String defaultOf(MeshSettings settings, String key) {
        return (String) settings.definition().defaultValues().get(key);
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Create the ACLs of the mesh's plan that the cluster lacks (as the admin, a super user); "
                    + "print them as a table, or as Strimzi KafkaUser resources.",
                    "Without --domain, the domains are those with ingress or contract topics on the cluster: a "
                            + "domain that has published nothing yet must be named."},
            footer = {"", "Examples:", "  mesh acl apply --dry-run",
                    "  mesh acl apply --domain sales --domain marketing --grant sales.orders=analytics",
                    "  mesh acl apply --grant sales.orders=analytics --revoke",
                    "  mesh acl apply --grant sales.orders=analytics --key-access analytics",
                    "  mesh acl apply --domain sales --strimzi --cluster-name my-cluster | kubectl apply -f -",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class ApplyCommand implements Callable<Integer> {

        @Option(names = "--dry-run", description = "Show what would be created (and revoked); change nothing.")
        boolean dryRun;

        @Option(names = "--domain", paramLabel = "DOMAIN",
                description = "A domain of the mesh (repeatable); default: those found on the cluster.")
        List<String> domains = new ArrayList<>();

        @Option(names = "--grant", paramLabel = "PRODUCT=TEAM",
                description = "Let a consumer team read a product's public topics, every major (repeatable), "
                        + "e.g. sales.orders=analytics.")
        List<String> grants = new ArrayList<>();

        @Option(names = "--key-access", paramLabel = "TEAM",
                description = "A consumer team (of a --grant) that may also read the data keys on " + MeshTopics.KEYS
                        + " to decrypt ENCRYPTed fields (repeatable).")
        List<String> keyAccess = new ArrayList<>();

        @Option(names = "--revoke", description = "Also delete ALLOW ACLs of the plan's principals that the plan "
                + "does not contain (DENY ACLs and other principals are left alone).")
        boolean revoke;

        @Option(names = "--strimzi", description = "Print the plan as Strimzi KafkaUser YAML instead of applying it.")
        boolean strimzi;

        @Option(names = "--cluster-name", paramLabel = "NAME",
                description = "The Strimzi Kafka cluster the users belong to (with --strimzi).")
        String clusterName;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (strimzi != (clusterName != null)) {
                throw usage("--strimzi and --cluster-name go together");
            }
            if (strimzi && (dryRun || revoke)) {
                throw usage("--strimzi prints the plan and applies nothing: leave out --dry-run and --revoke");
            }
            Map<String, SortedSet<String>> byTeam = teams();
            PrintWriter out = spec.commandLine().getOut();
            if (strimzi && !domains.isEmpty()) {
                out.print(StrimziUsers.render(plan(new TreeSet<>(domains), byTeam), clusterName));
                out.flush();
                return 0;
            }
            try (Admin admin = Admin.create(cluster.client("acl"))) {
                AclPlan plan = plan(domains.isEmpty() ? domainsOn(admin) : new TreeSet<>(domains), byTeam);
                if (strimzi) {
                    out.print(StrimziUsers.render(plan, clusterName));
                    out.flush();
                    return 0;
                }
                AclPlanApplier.Changes changes = new AclPlanApplier(admin, Duration.ofSeconds(15))
                        .apply(plan, revoke, dryRun);
                table(plan.bindings()).print(out);
                if (!changes.deleted().isEmpty()) {
                    out.println(dryRun ? "Would revoke:" : "Revoked:");
                    table(changes.deleted()).print(out);
                }
                String verb = dryRun ? "would create " : "created ";
                out.println(verb + changes.created().size() + ", already present " + changes.alreadyPresent().size()
                        + (revoke ? (dryRun ? ", would revoke " : ", revoked ") + changes.deleted().size() : "")
                        + (dryRun ? " (dry run)" : ""));
                out.flush();
                return 0;
            }
        }

        private AclPlan plan(SortedSet<String> meshDomains, Map<String, SortedSet<String>> byTeam) {
            try {
                MeshAccess mesh = MeshAccess.of(meshDomains, byTeam, platform());
                for (String team : keyAccess) {
                    mesh = mesh.withKeyAccess(team);
                }
                return AclPlan.of(mesh);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }

        private Map<String, SortedSet<String>> teams() {
            Map<String, SortedSet<String>> byTeam = new TreeMap<>();
            for (String grant : grants) {
                int eq = grant.indexOf('=');
                if (eq < 0 || ProductId.tryParse(grant.substring(0, eq)).isEmpty()) {
                    throw usage("--grant must be PRODUCT=TEAM, e.g. sales.orders=analytics; got '" + grant + "'");
                }
                byTeam.computeIfAbsent(grant.substring(eq + 1), t -> new TreeSet<>()).add(grant.substring(0, eq));
            }
            return byTeam;
        }

        /** The domains that have an ingress topic ({@code mesh.ingress.<d>.<p>}) or a contracts topic. */
        private static SortedSet<String> domainsOn(Admin admin) {
            SortedSet<String> found = new TreeSet<>();
            try {
                for (String topic : admin.listTopics().names().get(15, TimeUnit.SECONDS)) {
                    ProductId.ofIngressTopic(topic).map(ProductId::domain).ifPresent(found::add);
                    contractsDomain(topic).ifPresent(found::add);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot list the cluster's topics: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka did not list its topics in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing topics", e);
            }
            return found;
        }

        private static Optional<String> contractsDomain(String topic) {
            return topic.startsWith(MeshTopics.CONTRACTS_PREFIX)
                    ? Optional.of(topic.substring(MeshTopics.CONTRACTS_PREFIX.length())) : Optional.empty();
        }

        private static Table table(List<AclBinding> bindings) {
            Table table = new Table("PRINCIPAL", "RESOURCE", "PATTERN", "NAME", "OPERATION");
            bindings.forEach(b -> table.row(b.entry().principal(), b.pattern().resourceType(),
                    b.pattern().patternType(), b.pattern().name(), b.entry().operation()));
            return table;
        }

        private ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }
}
