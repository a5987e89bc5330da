package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's run command as a user runs it: {@code mesh up --demo} in its own process, the catalog filling with
 * the demo products, the ops commands against it, then SIGTERM and nothing left behind.
 */
class MeshUpIT {

    private static final Path JAR = Path.of(System.getProperty("mesh.jar", "target/mesh.jar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exit, String out) {
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Where this test's `mesh up` leaves the local mesh's admin settings, away from a real one on this machine. */
    private static final Path MESHBONE_HOME = Path.of("target", "mesh-up-it-home").toAbsolutePath();

    private static ProcessBuilder local(ProcessBuilder process) {
        process.environment().put("MESHBONE_HOME", MESHBONE_HOME.toString());
        return process;
    }

    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Result mesh(String... args) throws Exception {
        Process p = local(new ProcessBuilder(java(args))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** Runs a long-lived command until its output satisfies {@code done} (or the limit passes), then stops it. */
    private static int indexOf(List<String> lines, java.util.function.Predicate<String> match) {
        for (int i = 0; i < lines.size(); i++) {
            if (match.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> runFor(Duration limit, java.util.function.Predicate<List<String>> done, String... args)
            throws Exception {
        Process p = local(new ProcessBuilder(java(args))).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException ignored) {
                // stopped
            }
        });
        reader.start();
        try {
            await().atMost(limit).until(() -> done.test(List.copyOf(lines)) || !p.isAlive());
        } finally {
            p.toHandle().destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            reader.join(2_000);
        }
        return lines;
    }

    @Test
    void shouldRunTheDemoMeshAndStopCleanly() throws Exception {
        // Given
        int kafka = freePort();
        int registry = freePort();
        int catalog = freePort();
        int governance = freePort();
        // Through the ./mesh script, exactly as the README says (it execs java, so the pid is the launcher's).
        ProcessBuilder launcher = new ProcessBuilder("../mesh", "up", "--demo", "--demo-rate", "10",
                "--kafka-port", "" + kafka, "--registry-port", "" + registry, "--catalog-port", "" + catalog,
                "--governance-port", "" + governance).redirectErrorStream(true);
        launcher.environment().put("MESH_JAVA_OPTS", "-Xmx768m -XX:TieredStopAtLevel=1");
        local(launcher);
        Process up = launcher.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        List<ProcessHandle> children = new ArrayList<>();
        try {
            // When it is up
            await().atMost(Duration.ofMinutes(4)).until(() -> output.stream().anyMatch(l -> l.startsWith("Meshbone is up"))
                    || !up.isAlive());
            assertThat(up.isAlive()).as(String.join("\n", output)).isTrue();
            assertThat(output).anyMatch(l -> l.contains("✔ Kafka (KRaft) and Apicurio Registry")
                            && l.contains("SASL/SCRAM + ACLs")).anyMatch(l -> l.contains("✔ Principals, ACLs"))
                    .anyMatch(l -> l.contains("✔ Governance")).anyMatch(l -> l.contains("✔ Catalog projector"))
                    .anyMatch(l -> l.contains("http://localhost:" + catalog + "/"));
            up.descendants().forEach(children::add);

            // Then the catalog lists the demo products with accepted and quarantined records
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode products = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + catalog + "/api/products")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("products");
                List<String> ids = new ArrayList<>();
                long accepted = 0;
                long quarantined = 0;
                for (JsonNode p : products) {
                    ids.add(p.path("id").asText());
                    accepted += p.path("counts").path("accepted").asLong();
                    quarantined += p.path("counts").path("quarantined").asLong();
                }
                assertThat(ids).contains("sales.orders", "customers.profiles", "logistics.shipments");
                assertThat(accepted).isPositive();
                assertThat(quarantined).isPositive();
            });
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + catalog + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).containsIgnoringCase("<html");

            // And the ops commands work against it without credentials on the command line: they find the local
            // mesh's admin settings (the flag only says which port)
            assertThat(MESHBONE_HOME.resolve("local-mesh.properties")).exists();
            String bootstrap = "--bootstrap-servers=127.0.0.1:" + kafka;
            Result products = mesh("products", bootstrap);
            assertThat(products.exit()).as(products.out()).isZero();
            assertThat(products.out()).contains("sales.orders", "customers.profiles", "logistics.shipments");
            Result product = mesh("product", "sales.orders", bootstrap);
            assertThat(product.exit()).as(product.out()).isZero();
            assertThat(product.out()).contains("subscribe to sales.orders.v1", "customerEmail");
            Result violations = mesh("violations", "--limit", "5", bootstrap);
            assertThat(violations.exit()).as(violations.out()).isZero();
            assertThat(violations.out()).containsAnyOf("RULE_FAILED", "UNTAGGED_PII", "SCHEMA_MISMATCH");
            Result listed = mesh("quarantine", "list", "--product", "sales.orders", bootstrap);
            assertThat(listed.exit()).as(listed.out()).isZero();
            Result replay = mesh("quarantine", "replay", "--product", "sales.orders", bootstrap);
            assertThat(replay.exit()).as(replay.out()).isZero();
            assertThat(replay.out()).containsPattern("Replayed [1-9]\\d* record\\(s\\) of sales.orders");
            Result again = mesh("quarantine", "replay", "--product", "sales.orders", bootstrap);
            assertThat(again.out()).as("nothing is replayed twice").contains("Skipped");
            // --follow: the catch-up, then violations that happen afterwards
            List<String> followed = runFor(Duration.ofSeconds(60), lines -> {
                int caughtUp = indexOf(lines, l -> l.contains("following (Ctrl-C to stop)"));
                return caughtUp >= 0 && lines.subList(caughtUp + 1, lines.size()).stream()
                        .anyMatch(l -> l.contains(" QUARANTINE ") || l.contains(" WARN "));
            }, "violations", "--follow", "--limit", "1", bootstrap);
            int caughtUp = indexOf(followed, l -> l.contains("following (Ctrl-C to stop)"));
            assertThat(caughtUp).as(String.join("\n", followed)).isNotNegative();
            assertThat(followed.subList(caughtUp + 1, followed.size())).as("new violations as they happen")
                    .anyMatch(l -> l.contains(" QUARANTINE ") || l.contains(" WARN "));
            List<String> demo = runFor(Duration.ofSeconds(30),
                    lines -> lines.stream().anyMatch(l -> l.startsWith("Publishing demo data")), "demo",
                    "--rate", "1", bootstrap, "--registry-url=http://127.0.0.1:" + registry);
            assertThat(demo).anyMatch(l -> l.startsWith("Publishing demo data at 1 records/s"));
            Result check = mesh("contract", "check", "src/test/resources/contracts/sales-orders.odcs.yaml",
                    "--registry", "http://127.0.0.1:" + registry);
            assertThat(check.exit()).as(check.out()).isZero();
            assertThat(check.out()).contains("schema is compatible");
            // A domain added to the running mesh gets its registry user from mesh up, and registers in its group
            String domain = "mkt" + Long.toString(System.nanoTime() % 100_000);
            Path domainSettings = Files.createTempDirectory("mesh-up-it-").resolve(domain + ".properties");
            Result added = mesh("domain", "add", domain, "--out", domainSettings.toString(), bootstrap);
            assertThat(added.exit()).as(added.out()).isZero();
            assertThat(added.out()).contains("user " + domain + " (role sr-developer), added by the running mesh up");
            java.util.Properties registered = new java.util.Properties();
            try (var in = Files.newBufferedReader(domainSettings)) {
                registered.load(in);
            }
            HttpResponse<String> schema = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry
                    + "/apis/registry/v3/groups/" + domain + "/artifacts")).header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((domain + ":"
                            + registered.getProperty("registry.password")).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"artifactId\":\"things\",\"artifactType\":"
                            + "\"AVRO\",\"firstVersion\":{\"content\":{\"content\":\"\\\"string\\\"\","
                            + "\"contentType\":\"application/json\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(schema.statusCode()).as(schema.body()).isEqualTo(200);
            assertThat(output).anyMatch(l -> l.startsWith("Registry user " + domain + " added"));
            // mesh forget finds the keystore mesh up made: a customer the demo never saw is refused, nothing written
            assertThat(output).anyMatch(l -> l.contains("Keystore (KEKs):") && l.contains("keystore.p12"));
            Result unknown = mesh("forget", "--subject", "customer:nobody-at-all", bootstrap);
            assertThat(unknown.exit()).as(unknown.out()).isEqualTo(1);
            assertThat(unknown.out()).contains("mesh: the mesh has never seen customer:nobody-at-all");
            Result erasures = mesh("forget", "--status", bootstrap);
            assertThat(erasures.exit()).as(erasures.out()).isZero();
            assertThat(erasures.out()).contains("0 erasure(s) shown");
        } finally {
            // When stopped as a service manager would (SIGTERM; Process.destroy() would also close our pipes)
            up.toHandle().destroy();
            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("stops within a minute").isTrue();
            reader.join(5_000);
        }

        // Then it says so, and leaves no process or port behind
        assertThat(up.exitValue()).isIn(0, 143);
        assertThat(output).anyMatch(l -> l.startsWith("Stopped cleanly"));
        assertThat(MESHBONE_HOME.resolve("local-mesh.properties")).as("removed when the mesh stops").doesNotExist();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(Stream.of(kafka, registry, catalog, governance)).noneMatch(MeshUpIT::listening);
        });
    }

    @Test
    void shouldSayWhichPortIsBusy() throws Exception {
        try (ServerSocket busy = new ServerSocket(0)) {
            Result result = mesh("up", "--kafka-port", "" + busy.getLocalPort());

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.out()).contains("port " + busy.getLocalPort() + " (for Kafka) is already in use");
        }
    }

    @Test
    void shouldComeBackOnItsDataDirectoryAfterACrash(@org.junit.jupiter.api.io.TempDir Path dataDir)
            throws Exception {
        // Given: the demo mesh on a data directory, up and counting records in its catalog
        int kafka = freePort();
        int registry = freePort();
        int catalog = freePort();
        int governance = freePort();
        String[] up = {"up", "--demo", "--demo-rate", "20", "--data-dir", dataDir.toString(), "--kafka-port",
                "" + kafka, "--registry-port", "" + registry, "--catalog-port", "" + catalog, "--governance-port",
                "" + governance};
        Running first = Running.start(up);
        long countedBefore;
        try {
            first.awaitUp();
            countedBefore = awaitCounted(catalog, 1);

            // When: SIGKILL of its JVM: no shutdown hook, so no clean stop of Kafka, governance or the catalog
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.process().destroyForcibly();
        }
        // (the registry's JVM follows its parent within a second)
        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of(kafka, registry, catalog, governance)
                .noneMatch(MeshUpIT::listening));

        // Then: the same command on the same folder is up again, and the catalog counts on from where it was
        Running second = Running.start(up);
        try {
            second.awaitUp();
            System.out.printf("mesh up after a crash: %s (before it: %s)%n", second.upLine(), first.upLine());
            assertThat(second.output()).anyMatch(l -> l.startsWith("Starting Meshbone (data in " + dataDir));
            assertThat(second.output()).as("Kafka fenced its dead incarnation before the broker started")
                    .anyMatch(l -> l.contains("had crashed: its controller fenced the dead broker"));
            assertThat(awaitCounted(catalog, countedBefore + 1)).isGreaterThan(countedBefore);
        } finally {
            second.process().toHandle().destroy();
            assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("stops within a minute").isTrue();
        }
        assertThat(second.output()).anyMatch(l -> l.startsWith("Stopped cleanly; data kept in " + dataDir));
    }

    /** Records of sales.orders the catalog has counted (accepted and quarantined), once at least {@code atLeast}. */
    private static long awaitCounted(int catalogPort, long atLeast) {
        HttpClient http = HttpClient.newHttpClient();
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                JsonNode counts = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + catalogPort + "/api/products/sales.orders")).build(), HttpResponse.BodyHandlers.ofString())
                        .body()).path("counts");
                return counts.path("accepted").asLong() + counts.path("quarantined").asLong();
            } catch (IOException e) {
                return -1L; // not listening yet
            }
        }, counted -> counted >= atLeast);
    }

    /** A {@code mesh up} JVM and its output so far. */
    private record Running(Process process, List<String> output) {

        static Running start(String... args) throws IOException {
            Process p = local(new ProcessBuilder(java(args))).redirectErrorStream(true).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    in.lines().forEach(lines::add);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            return new Running(p, lines);
        }

        void awaitUp() {
            await().atMost(Duration.ofMinutes(4)).until(() -> upLine() != null || !process.isAlive());
            assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
        }

        String upLine() {
            return output.stream().filter(l -> l.startsWith("Meshbone is up in")).findFirst().orElse(null);
        }
    }
}
