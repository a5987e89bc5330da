package dev.meshbone.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secure embedded stack against real servers: who may log in, who may do what, and where secrets are. */
class SecureEmbeddedClusterIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void start() {
        // A dash in a name: the registry's embedded users must take it (a file, not environment variables).
        cluster = EmbeddedCluster.builder().principal("sales", PrincipalKind.DOMAIN)
                .principal("customer-care", PrincipalKind.DOMAIN).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRefuseAWrongPasswordWithAClearError() {
        // Given
        MeshPrincipal impostor = new MeshPrincipal("sales", "not-the-password", PrincipalKind.DOMAIN);

        // When / Then
        try (Admin admin = Admin.create(quick(cluster.clientProperties(impostor)))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }

    @Test
    void shouldDenyAUserWithoutAclsWhatTheAdminMayDo() throws Exception {
        // Given
        String topic = "mesh.ingress.sales.orders-" + System.nanoTime();
        try (Admin admin = cluster.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(20, TimeUnit.SECONDS);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS))
                    .containsKey(topic);
        }
        MeshPrincipal sales = cluster.principals().stream().filter(p -> p.name().equals("sales")).findFirst()
                .orElseThrow();

        // When / Then
        try (Admin admin = Admin.create(quick(cluster.clientProperties(sales)))) {
            assertThatThrownBy(() -> admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        Properties producerProps = quick(cluster.clientProperties(sales));
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(cluster.clientProperties(),
                new StringSerializer(), new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "v")).get(20, TimeUnit.SECONDS).offset())
                    .isZero();
        }
    }

    @Test
    void shouldLetAPrincipalCreatedAtRunTimeLogInToKafkaAndTheRegistry() throws Exception {
        // When
        MeshPrincipal team = cluster.createPrincipal("orders-team", PrincipalKind.CONSUMER);

        // Then
        try (Admin admin = Admin.create(quick(cluster.clientProperties(team)))) {
            assertThat(admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS)).isNotBlank();
        }
        assertThat(get("/groups", team.basicAuthorization()).statusCode()).isEqualTo(200);
        assertThat(cluster.createPrincipal("orders-team", PrincipalKind.CONSUMER)).isEqualTo(team);
    }

    @Test
    void shouldAnswer401ToAnonymousAndWrongPasswordRegistryCalls() throws Exception {
        MeshPrincipal wrong = new MeshPrincipal("sales", "not-the-password", PrincipalKind.DOMAIN);
        assertThat(get("/groups", null).statusCode()).isEqualTo(401);
        assertThat(get("/groups", wrong.basicAuthorization()).statusCode()).isEqualTo(401);
        assertThat(get("/groups", cluster.admin().basicAuthorization()).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepEachDomainInItsOwnGroup() throws Exception {
        // Given
        cluster.createRegistryGroup("sales", "sales");
        cluster.createRegistryGroup("customer-care", "customer-care");
        MeshPrincipal sales = principal("sales");
        MeshPrincipal care = principal("customer-care");

        // When
        HttpResponse<String> own = createArtifact("sales", "orders-" + System.nanoTime(), sales);
        HttpResponse<String> foreign = createArtifact("sales", "intruder-" + System.nanoTime(), care);
        HttpResponse<String> squat = createArtifact("nobodys-" + System.nanoTime(), "x", care);
        HttpResponse<String> ccompat = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.registryUrl()
                        + "/apis/ccompat/v7/subjects/sales-x/versions")).header("Authorization", care.basicAuthorization())
                .header("X-Registry-GroupId", "sales").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"{\\\"type\\\":\\\"string\\\"}\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(get("/groups/sales", sales.basicAuthorization()).body()).contains("\"owner\":\"sales\"");
        assertThat(get("/groups/customer-care", care.basicAuthorization()).body())
                .contains("\"owner\":\"customer-care\"");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(ccompat.statusCode()).as(ccompat.body()).isEqualTo(403);
        assertThat(squat.statusCode()).as("a developer may still create a new group: " + squat.body())
                .isEqualTo(200);
    }

    @Test
    void shouldKeepPasswordsOffTheRegistryCommandLine() throws Exception {
        // Given
        List<String> passwords = cluster.principals().stream().map(MeshPrincipal::password).toList();
        ProcessHandle child = ProcessHandle.of(cluster.registry().pid()).orElseThrow();

        // When
        List<String> commandLines = Stream.concat(Stream.of(child), child.descendants())
                .map(SecureEmbeddedClusterIT::commandLine).toList();

        // Then
        assertThat(commandLines).anySatisfy(line -> assertThat(line).contains("quarkus-run.jar"));
        assertThat(commandLines).allSatisfy(line -> assertThat(passwords).noneSatisfy(pw ->
                assertThat(line).contains(pw)));
        Path users = cluster.secretsDirectory().resolve(EmbeddedRegistry.USERS_FILE);
        assertThat(Files.getPosixFilePermissions(users)).isEqualTo(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(cluster.secretsDirectory())).isEqualTo(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(cluster.kafka().directory().resolve("server.properties")).doesNotExist();
    }

    @Test
    void shouldKeepCredentialsAcrossARestartWithTheSameDataDirectory(@TempDir Path dataDir) throws Exception {
        // Given
        MeshPrincipal before;
        try (EmbeddedCluster first = EmbeddedCluster.builder().dataDir(dataDir)
                .principal("logistics", PrincipalKind.DOMAIN).start()) {
            before = first.principals().stream().filter(p -> p.name().equals("logistics")).findFirst().orElseThrow();
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets").resolve(Secrets.FILE)))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        // When
        try (EmbeddedCluster second = EmbeddedCluster.start(0, 0, dataDir)) {

            // Then
            assertThat(second.principals()).contains(before);
            try (Admin admin = Admin.create(quick(second.clientProperties(before)))) {
                assertThat(admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS)).isNotBlank();
            }
            try (Admin admin = second.createAdmin()) {
                assertThat(admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS)).isNotBlank();
            }
            HttpResponse<String> registry = HTTP.send(HttpRequest.newBuilder(URI.create(second.registryApiUrl()
                    + "/groups")).header("Authorization", before.basicAuthorization()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registry.statusCode()).isEqualTo(200);
        }
    }

    private static MeshPrincipal principal(String name) {
        return cluster.principals().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> createArtifact(String group, String artifactId, MeshPrincipal as)
            throws IOException, InterruptedException {
        String body = "{\"artifactId\":\"" + artifactId + "\",\"artifactType\":\"AVRO\",\"firstVersion\":"
                + "{\"content\":{\"content\":\"{\\\"type\\\":\\\"string\\\"}\",\"contentType\":\"application/json\"}}}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.registryApiUrl() + "/groups/" + group
                        + "/artifacts")).header("Authorization", as.basicAuthorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String authorization) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.registryApiUrl() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The process's full command line from /proc (what {@code ps -ef} shows), or its ProcessHandle view. */
    private static String commandLine(ProcessHandle process) {
        Path cmdline = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return process.info().commandLine().orElse("");
        }
    }

    private static Properties quick(Properties props) {
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

}
