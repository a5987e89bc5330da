package dev.meshbone.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.schemas.PiiTags;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "contract", mixinStandardHelpOptions = true, description = "Work with data contracts.",
        subcommands = ContractCommand.CheckCommand.class)
public final class ContractCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "say `check FILE`");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a YAML data contract (ODCS v3) offline: names, schema, PII tags and lint, rules, "
                    + "SLOs. With --registry, also check the schema against the live registry's compatibility rule "
                    + "without registering it. Exit 0 when the contract is good: usable as a CI gate.",
            footer = {"", "Examples:", "  mesh contract check contracts/orders.yaml",
                    "  mesh contract check contracts/orders.yaml --registry http://localhost:8080"})
    static final class CheckCommand implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The contract YAML; its Avro schema path is relative to it.")
        Path file;

        @Option(names = "--registry", paramLabel = "URL", description = "Apicurio Registry to check compatibility "
                + "against (base or v3 API URL).")
        String registry;

        @Mixin
        ClusterOptions cluster; // the registry credentials (--command-config, MESHBONE_REGISTRY_*, the local mesh)

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            // Relative to the working directory, the caller's (the mesh script does not change it).
            Path contract = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(contract)) {
                throw new IllegalArgumentException("no contract file at " + contract);
            }
            PrintWriter out = spec.commandLine().getOut();
            DataProduct product = DataProduct.fromYaml(contract); // throws with every problem named
            out.printf("✔ %s v%d: contract is valid (%d quality rule(s), %d PII categories)%n", product.productId(),
                    product.majorVersion(), product.qualityRules().size(), product.piiProtection().size());
            product.warnings().forEach(w -> out.println("  warning: " + w));
            // Exceptions to the content scan are part of what a reviewer must see.
            product.personalData().scanned().stream().filter(p -> !p.allowed().isEmpty())
                    .forEach(p -> out.println("  exception: governance's scan ignores " + p.allowed().stream()
                            .map(Enum::name).collect(Collectors.joining(", ")) + " in schema." + p.path()
                            + " (\"" + PiiTags.ALLOW_PROPERTY + "\"" + (p.declaredNotPersonal()
                            ? "; the field is declared not personal" : "") + ")"));
            if (registry != null) {
                String verdict = checkCompatibility(product);
                if (verdict != null) {
                    spec.commandLine().getErr().println("mesh: " + verdict);
                    spec.commandLine().getErr().flush();
                    out.flush();
                    return 1;
                }
                out.printf("✔ schema is compatible with %s/%s in %s (%s)%n", product.domain(), product.artifactId(),
                        registry, product.compatibility());
            }
            out.flush();
            return 0;
        }

        /** Null when the registry would accept the schema; else its reason. Uses dryRun: nothing is registered. */
        private String checkCompatibility(DataProduct product) throws Exception {
            String api = SharedSettings.registryApiUrl(registry);
            String body = new ObjectMapper().writeValueAsString(Map.of("content", Map.of(
                    "content", product.schemaJson(), "contentType", "application/json")));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + "/groups/" + enc(product.domain())
                            + "/artifacts/" + enc(product.artifactId()) + "/versions?dryRun=true"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            SharedSettings.registryAuthorization(cluster.registryUsername(), cluster.registryPassword())
                    .ifPresent(header -> request.header("Authorization", header));
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                return "the registry " + api + " refuses the credentials" + (cluster.registryUsername().isEmpty()
                        ? " (none given: set registry.username/registry.password with --command-config or "
                        + "MESHBONE_REGISTRY_USERNAME/MESHBONE_REGISTRY_PASSWORD)"
                        : " of user " + cluster.registryUsername() + ": wrong password, or no such user");
            }
            if (response.statusCode() == 403) {
                return "registry user " + cluster.registryUsername() + " may not write group " + product.domain()
                        + ": only the domain " + product.domain() + " (its owner) registers schemas there";
            }
            if (response.statusCode() == 200) {
                return null;
            }
            if (response.statusCode() == 404) {
                spec.commandLine().getOut().println("  (no artifact " + product.domain() + "/" + product.artifactId()
                        + " yet: a new product, nothing to be compatible with)");
                return null;
            }
            JsonNode problem = new ObjectMapper().readTree(response.body());
            StringBuilder reason = new StringBuilder("the registry refuses this schema: ")
                    .append(problem.path("detail").asText(problem.path("title").asText(response.body())));
            problem.path("causes").forEach(c -> reason.append("; ").append(c.path("description").asText())
                    .append(" at ").append(c.path("context").asText()));
            return reason.toString();
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
