package dev.meshbone.cli.ops;

import dev.meshbone.cli.LocalMesh;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.AclPlanApplier;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.ProductId;
import dev.meshbone.embedded.ClientSettings;
import dev.meshbone.embedded.MeshPrincipal;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.schemas.MeshTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "domain", mixinStandardHelpOptions = true,
        description = "The mesh's producing domains.",
        subcommands = {DomainCommand.AddCommand.class},
        footer = {"", "Examples:", "  mesh domain add marketing", "  mesh domain add marketing --out marketing.properties"})
public final class DomainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "say `add`");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a domain, as the admin: its SCRAM user with a generated password, its client settings "
                    + "file (mode 0600, for the SDK's MeshConfig.load), its ACLs of the plan, its contracts topic "
                    + MeshTopics.CONTRACTS_PREFIX + "<domain> and its registry group, owned by it.",
                    "The registry takes its users from its identity provider: a registry user of the domain's name "
                            + "and password (role sr-developer) must exist there. Against the mesh `mesh up` runs "
                            + "on this machine, mesh up adds it (its registry restarts, a few seconds)."},
            footer = {"", "Examples:", "  mesh domain add marketing",
                    "  mesh domain add marketing --out ~/secrets/marketing.properties",
                    "  mesh domain add marketing --command-config admin.properties",
                    "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
    static final class AddCommand implements Callable<Integer> {

        private static final SecureRandom RANDOM = new SecureRandom();
        /** Letters and digits: URL-safe, and nothing a JAAS line or a properties file would need escaped. */
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        /** How long a local mesh may take to restart its registry with a new user. */
        private static final Duration REGISTRY_USER_WAIT = Duration.ofSeconds(90);
        /** Users the embedded broker and the platform keep for themselves. */
        private static final Set<String> TAKEN = Set.of("admin", "broker", "controller");

        @Parameters(index = "0", paramLabel = "DOMAIN", description = "The domain's name, e.g. marketing.")
        String name;

        @Option(names = "--out", paramLabel = "FILE",
                description = "Where to write the domain's client settings (default: ./<domain>.properties); must "
                        + "not exist.")
        Path out;

        @Mixin
        ClusterOptions cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            MeshPrincipal principal = principal();
            AclPlan plan = plan();
            Path file = out != null ? out : Path.of(name + ".properties");
            if (Files.exists(file)) {
                throw new IllegalStateException(file.toAbsolutePath() + " exists; choose another --out (it would "
                        + "hold the new password)");
            }
            Properties client = cluster.client("domain");
            PrintWriter print = spec.commandLine().getOut();
            try (Admin admin = Admin.create(client)) {
                requireNew(admin);
                AdminCalls.await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), principal.password()))).all(),
                        "create the SCRAM user " + name);
                ClientSettings.write(file, settings(principal, client));
                AclPlanApplier.Changes changes = applyDomainRows(admin, plan);
                boolean created = new TopicProvisioner(admin, cluster.replicationFactor())
                        .ensure(MeshTopicDefinitions.contracts(name), AdminCalls.TIMEOUT);
                createOwnedGroup();
                print.println("Domain " + name + " added:");
                print.println("  principal  User:" + name + " (" + ClientSettings.SASL_MECHANISM + ")");
                print.println("  settings   " + file.toAbsolutePath() + " (mode 0600; holds its password)");
                print.println("  ACLs       created " + changes.created().size() + ", already present "
                        + changes.alreadyPresent().size() + " (the domain's rows and governance's for its public "
                        + "topics)");
                print.println("  topic      " + MeshTopics.CONTRACTS_PREFIX + name + (created ? " created" : " exists"));
                print.println("  registry   group " + name + ", owner " + name);
                if (cluster.isLocalMesh()) {
                    print.flush();
                    LocalMesh.requestRegistryUser(name, principal.password());
                    awaitRegistryLogin(principal);
                    print.println("  registry   user " + name + " (role " + PrincipalKind.DOMAIN.registryRole()
                            + "), added by the running mesh up");
                } else {
                    print.println("A registry user " + name + " (role " + PrincipalKind.DOMAIN.registryRole()
                            + ", the same password) must exist in the registry's identity provider.");
                }
                print.flush();
                return 0;
            }
        }

        /** The name checked as a domain and a principal name, with a generated password. */
        private MeshPrincipal principal() {
            ProductId.nameProblem(name).ifPresent(problem -> {
                throw usage("the domain " + problem);
            });
            if (name.equals(ProductId.RESERVED_DOMAIN)) {
                throw usage("the domain name '" + name + "' is reserved: the mesh's own topics are under "
                        + ProductId.RESERVED_DOMAIN + ".");
            }
            if (TAKEN.contains(name)) {
                throw usage("the domain name '" + name + "' is the platform's own user");
            }
            try {
                return new MeshPrincipal(name, password(), PrincipalKind.DOMAIN);
            } catch (IllegalArgumentException e) {
                throw usage("the domain " + e.getMessage());
            }
        }

        /**
         * The plan's rows about this domain: its own, and governance's for its public topics ({@code <d>.}), which
         * every new domain needs. Other principals' rows are {@code mesh acl apply}'s business.
         */
        private AclPlanApplier.Changes applyDomainRows(Admin admin, AclPlan plan) {
            List<AclBinding> rows = plan.bindings().stream().filter(b -> b.entry().principal().equals("User:" + name)
                    || b.pattern().name().startsWith(name + ".")).toList();
            List<String> principals = rows.stream().map(b -> b.entry().principal()).distinct().toList();
            AclPlanApplier.Changes changes = AclPlanApplier.Changes.between(rows,
                    new AclPlanApplier(admin, AdminCalls.TIMEOUT).existing(principals), false, false);
            if (!changes.created().isEmpty()) {
                AdminCalls.await(admin.createAcls(changes.created()).all(), "create the ACLs of " + name);
            }
            return changes;
        }

        /** The plan of this domain alone, which refuses platform users' names and names under an application id. */
        private AclPlan plan() {
            try {
                return AclPlan.of(MeshAccess.of(new TreeSet<>(List.of(name)), Map.of(), AclCommand.platform()));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }

        /** Refuses a domain that exists: a SCRAM user of its name (a password to overwrite) or its contracts topic. */
        private void requireNew(Admin admin) {
            if (AdminCalls.userExists(admin, name)) {
                throw new IllegalStateException("domain " + name + " exists: the cluster has a user " + name);
            }
            if (AdminCalls.topicExists(admin, MeshTopics.CONTRACTS_PREFIX + name)) {
                throw new IllegalStateException("domain " + name + " exists: the cluster has "
                        + MeshTopics.CONTRACTS_PREFIX + name);
            }
        }

        /**
         * The domain's settings: ClientSettings' keys, with the CLI's own transport (SASL_SSL and its trust store
         * on a real cluster) in place of the embedded listener's; never the CLI's key store, which is its identity.
         */
        private Map<String, String> settings(MeshPrincipal principal, Properties client) {
            Map<String, String> settings = ClientSettings.mesh(cluster.bootstrapServers(), cluster.registryApi(),
                    principal);
            client.stringPropertyNames().stream()
                    .filter(k -> k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                            || k.startsWith("ssl.truststore.") || k.equals("ssl.endpoint.identification.algorithm"))
                    .forEach(k -> settings.put(MeshSettings.KAFKA_PREFIX + k, client.getProperty(k)));
            return settings;
        }

        /**
         * The domain's registry group, created as the admin and handed to the domain: a developer could otherwise
         * take ("squat") a group that does not exist yet, and an ownerless group is open to every developer.
         */
        private void createOwnedGroup() {
            String groups = cluster.registryApi() + "/groups";
            HttpResponse<String> createdGroup = send(HttpRequest.newBuilder(URI.create(groups))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"groupId\":\"" + name + "\"}")));
            if (createdGroup.statusCode() != 200 && createdGroup.statusCode() != 409) {
                throw new IllegalStateException("cannot create registry group " + name + ": HTTP "
                        + createdGroup.statusCode() + hint(createdGroup));
            }
            HttpResponse<String> owned = send(HttpRequest.newBuilder(URI.create(groups + "/" + name))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + name + "\"}")));
            if (owned.statusCode() / 100 != 2) {
                throw new IllegalStateException("cannot make " + name + " the owner of registry group " + name
                        + ": HTTP " + owned.statusCode() + hint(owned));
            }
        }

        /** Waits until the local mesh's registry (restarted by mesh up with the new user) lets the domain in. */
        private void awaitRegistryLogin(MeshPrincipal principal) {
            URI group = URI.create(cluster.registryApi() + "/groups/" + name);
            long deadline = System.nanoTime() + REGISTRY_USER_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                            .build().send(HttpRequest.newBuilder(group).header("Authorization",
                                    principal.basicAuthorization()).timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // The registry is restarting: try again.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the registry", e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the registry", e);
                }
            }
            throw new IllegalStateException("domain " + name + " was added, but the local mesh's registry did not "
                    + "let it log in within " + REGISTRY_USER_WAIT.toSeconds() + " s: is mesh up still running? (its "
                    + "request is in " + LocalMesh.registryUserRequests() + ")");
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            SharedSettings.registryAuthorization(cluster.registryUsername(), cluster.registryPassword())
                    .ifPresent(auth -> request.header("Authorization", auth));
            try {
                return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(request
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach the registry at " + cluster.registryApi(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling the registry", e);
            }
        }

        private static String hint(HttpResponse<String> response) {
            return response.statusCode() == 401 || response.statusCode() == 403
                    ? " (the CLI's registry.username must be a registry admin)" : " " + response.body();
        }

        private static String password() {
            StringBuilder password = new StringBuilder(32);
            for (int i = 0; i < 32; i++) {
                password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            return password.toString();
        }


        private ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }
    }
}
