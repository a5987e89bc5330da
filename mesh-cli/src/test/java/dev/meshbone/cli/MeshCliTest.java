package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command's help and usage errors, and the offline contract check, without a cluster. */
class MeshCliTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MeshCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Path contract() {
        return Path.of("src/test/resources/contracts/sales-orders.odcs.yaml");
    }

    @Test
    void shouldShowHelpWithExamplesForEveryCommand() {
        for (String[] command : new String[][] {{}, {"up"}, {"products"}, {"product"}, {"violations"},
                {"quarantine"}, {"quarantine", "list"}, {"quarantine", "replay"}, {"contract"}, {"contract", "check"},
                {"acl"}, {"acl", "apply"}, {"domain"}, {"domain", "add"}, {"access"}, {"access", "grant"},
                {"access", "revoke"}, {"access", "list"}, {"forget"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--help")).toArray(String[]::new);
            Run run = run(args);
            assertThat(run.exit()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: mesh");
        }
        assertThat(run("--help").out()).contains("Examples:", "mesh up --demo", "Exit codes: 0 ok, 1 failure, 2 usage");
        assertThat(run("up", "--help").out()).contains("--data-dir", "--demo", "Examples:");
        assertThat(run("acl", "apply", "--help").out()).contains("--dry-run", "--domain", "--grant", "--strimzi",
                "--cluster-name", "--revoke", "Examples:", "found on the cluster");
        assertThat(run("domain", "add", "--help").out()).contains("--out", "mode 0600", "identity provider",
                "Examples:", "mesh domain add marketing");
        assertThat(run("access", "grant", "--help").out()).contains("--to", "--with-keys", "Examples:",
                "mesh access grant sales.orders --to analytics");
        assertThat(run("access", "revoke", "--help").out()).contains("--from", "Examples:");
        assertThat(run("access", "list", "--help").out()).contains("--product", "--team", "Examples:");
        assertThat(run("--help").out()).contains("mesh domain add marketing", "mesh access grant", "mesh forget");
        assertThat(run("forget", "--help").out()).contains("--subject", "--reason", "--status", "--keystore",
                "Examples:", "mesh forget --subject customer:C-123", "never seen");
    }

    @Test
    void shouldPrintTheVersionFromEverySubcommand() {
        assertThat(run("-V").out().strip()).isEqualTo("Meshbone 0.1.0-SNAPSHOT");
        assertThat(run("contract", "check", "-V").out().strip()).isEqualTo("Meshbone 0.1.0-SNAPSHOT");
        assertThat(run("quarantine", "replay", "--version").out().strip()).isEqualTo("Meshbone 0.1.0-SNAPSHOT");
    }

    @Test
    void shouldRefuseMalformedSubjectsAndPersonalReasonsInOneLineBeforeTouchingTheCluster() {
        // No cluster listens at 127.0.0.1:1 and no keystore is given: each of these is refused before either.
        for (String subject : new String[] {"C-123", "customer:", ":C-123", "Customer:C-123", "customer:C\u0007"}) {
            Run bad = run("forget", "--subject", subject, "--bootstrap-servers", "127.0.0.1:1");
            assertThat(bad.exit()).as(subject).isEqualTo(2);
            assertThat(bad.err()).as(subject).startsWith("--subject: ");
        }
        Run personal = run("forget", "--subject", "customer:C-123", "--reason", "asked by jane.doe@example.com",
                "--bootstrap-servers", "127.0.0.1:1");
        assertThat(personal.exit()).isEqualTo(2);
        assertThat(personal.err()).startsWith("--reason looks like personal data (EMAIL)");
        Run naming = run("forget", "--subject", "customer:C-123", "--reason", "C-123 asked",
                "--bootstrap-servers", "127.0.0.1:1");
        assertThat(naming.exit()).isEqualTo(2);
        assertThat(naming.err()).startsWith("--reason must not name the subject");
        assertThat(run("forget").exit()).isEqualTo(2);
        assertThat(run("forget", "--subject", "customer:C-1", "--status").exit()).isEqualTo(2);
        assertThat(run("forget", "--status", "--reason", "x").exit()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBadDomainNamesInOneLineBeforeTouchingTheCluster() {
        // No cluster listens at 127.0.0.1:1: each of these is refused before any call.
        Run invalid = run("domain", "add", "Sales", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).startsWith("the domain 'Sales' is not a valid name");
        Run reserved = run("domain", "add", "mesh", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(reserved.exit()).isEqualTo(2);
        assertThat(reserved.err()).startsWith("the domain name 'mesh' is reserved");
        Run platform = run("domain", "add", "governance", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(platform.exit()).isEqualTo(2);
        assertThat(platform.err()).startsWith("the domain name 'governance' is a platform user's");
        assertThat(run("domain", "add", "admin", "--bootstrap-servers", "127.0.0.1:1").err())
                .startsWith("the domain name 'admin' is the platform's own user");
        assertThat(run("domain", "add", "meshbone-catalog-eu", "--bootstrap-servers", "127.0.0.1:1").err())
                .startsWith("the domain name 'meshbone-catalog-eu' starts with the application id");
        assertThat(run("domain").exit()).isEqualTo(2);
        assertThat(run("domain", "add").exit()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBadGrantsInOneLineBeforeTouchingTheCluster() {
        Run missingTo = run("access", "grant", "sales.orders");
        assertThat(missingTo.exit()).isEqualTo(2);
        assertThat(missingTo.err()).startsWith("Missing required option: '--to=TEAM'");
        Run missingFrom = run("access", "revoke", "sales.orders");
        assertThat(missingFrom.exit()).isEqualTo(2);
        assertThat(missingFrom.err()).startsWith("Missing required option: '--from=TEAM'");
        Run badProduct = run("access", "grant", "orders", "--to", "analytics", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(badProduct.exit()).isEqualTo(2);
        assertThat(badProduct.err()).startsWith("'orders' is not a product id");
        Run reservedDomain = run("access", "grant", "mesh.catalog", "--to", "analytics");
        assertThat(reservedDomain.exit()).isEqualTo(2);
        assertThat(reservedDomain.err()).startsWith("'mesh.catalog' is in the reserved domain mesh");
        Run badTeam = run("access", "revoke", "sales.orders", "--from", "Team A");
        assertThat(badTeam.exit()).isEqualTo(2);
        assertThat(badTeam.err()).startsWith("the team 'Team A' is not a valid name");
        Run reservedTeam = run("access", "grant", "sales.orders", "--to", "mesh");
        assertThat(reservedTeam.exit()).isEqualTo(2);
        assertThat(reservedTeam.err()).startsWith("the team name 'mesh' is reserved");
        assertThat(run("access", "list", "--product", "orders").exit()).isEqualTo(2);
        assertThat(run("access").exit()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBadAclArgumentsInOneLine() {
        assertThat(run("acl").exit()).isEqualTo(2);
        Run badGrant = run("acl", "apply", "--domain", "sales", "--grant", "analytics");
        assertThat(badGrant.exit()).isEqualTo(2);
        assertThat(badGrant.err()).startsWith("--grant must be PRODUCT=TEAM, e.g. sales.orders=analytics");
        Run reserved = run("acl", "apply", "--domain", "mesh", "--strimzi", "--cluster-name", "c1");
        assertThat(reserved.exit()).isEqualTo(2);
        assertThat(reserved.err()).startsWith("the domain name 'mesh' is reserved");
        assertThat(run("acl", "apply", "--strimzi").exit()).isEqualTo(2);
        assertThat(run("acl", "apply", "--cluster-name", "c1").exit()).isEqualTo(2);
        assertThat(run("acl", "apply", "--strimzi", "--cluster-name", "c1", "--dry-run").exit()).isEqualTo(2);
        assertThat(run("acl", "apply", "--domain", "sales", "--grant", "hr.people=bi", "--strimzi",
                "--cluster-name", "c1").err()).contains("hr is not a domain of the mesh");
    }

    @Test
    void shouldPrintTheStrimziUsersOfGivenDomainsOffline() {
        Run run = run("acl", "apply", "--domain", "sales", "--grant", "sales.orders=analytics", "--strimzi",
                "--cluster-name", "my-cluster");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kind: KafkaUser", "name: \"analytics\"", "strimzi.io/cluster: \"my-cluster\"",
                "name: \"sales.orders.v\"");
    }

    @Test
    void shouldExitWithTwoOnUsageErrors() {
        assertThat(run("launch").exit()).isEqualTo(2);
        assertThat(run("product").exit()).isEqualTo(2);
        Run missingProduct = run("quarantine", "list");
        assertThat(missingProduct.exit()).isEqualTo(2);
        assertThat(missingProduct.err()).contains("Missing required option: '--product=PRODUCT_ID'");
        assertThat(run("quarantine").exit()).isEqualTo(2);
        assertThat(run("contract").exit()).isEqualTo(2);
        assertThat(run("violations", "--limit", "zero").exit()).isEqualTo(2);
        assertThat(run("violations", "--limit", "0").exit()).isEqualTo(2);
        assertThat(run("up", "--kafka-port", "nine").exit()).isEqualTo(2);
        Run unbounded = run("up", "--quarantine-retention-days", "0");
        assertThat(unbounded.exit()).isEqualTo(2);
        assertThat(unbounded.err()).contains("--quarantine-retention-days must be from 1 to 365, not 0");
    }

    @Test
    void shouldPrintEveryExceptionToTheContentScan(@TempDir Path dir) throws Exception {
        // Given the orders contract, whose customerId (declared not personal) may hold IP address look-alikes
        Files.writeString(dir.resolve("sales-orders.avsc"), Files.readString(
                Path.of("src/test/resources/contracts/sales-orders.avsc")).replace(
                "\"name\": \"customerId\", \"type\": \"string\", \"pii\": \"NONE\"",
                "\"name\": \"customerId\", \"type\": \"string\", \"pii\": \"NONE\", \"pii.allow\": [\"IP_ADDRESS\"]"));
        String yaml = Files.readString(contract()).replace("      - name: orderId\n",
                "      - name: orderId\n        customProperties: [{property: piiAllow, value: [PAYMENT_CARD]}]\n");
        Path allowing = Files.writeString(dir.resolve("orders.yaml"), yaml);

        // When
        Run run = run("contract", "check", allowing.toString());

        // Then
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(
                "  exception: governance's scan ignores PAYMENT_CARD in schema.orderId (\"pii.allow\")\n",
                "  exception: governance's scan ignores IP_ADDRESS in schema.customerId (\"pii.allow\"; the field is "
                        + "declared not personal)\n");
    }

    @Test
    void shouldAcceptAValidContractOffline() {
        Run run = run("contract", "check", contract().toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("✔ sales.orders v1: contract is valid");
    }

    @Test
    void shouldRefuseABrokenContractInOneClearLine(@TempDir Path dir) throws Exception {
        // Given a contract whose rule does not compile
        Files.copy(Path.of("src/test/resources/contracts/sales-orders.avsc"), dir.resolve("sales-orders.avsc"));
        String yaml = Files.readString(contract()).replace("implementation: record.total >= 0.0",
                "implementation: record.total >=");
        assertThat(yaml).contains("record.total >=\n");
        Path broken = Files.writeString(dir.resolve("orders.yaml"), yaml);

        // When
        Run run = run("contract", "check", broken.toString());

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("mesh: ").contains("quality");
        assertThat(run.err().strip().lines().count()).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldSayWhereItLookedWhenTheContractFileIsMissing() {
        Run run = run("contract", "check", "nowhere.yaml");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("mesh: no contract file at "
                + Path.of(System.getProperty("user.dir"), "nowhere.yaml") + System.lineSeparator());
    }

    @Test
    void shouldFailInOneLineWhenNoClusterAnswers() {
        Run run = run("products", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("mesh: ");
    }
}
