package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.meshbone.catalog.config.CatalogConfig;
import dev.meshbone.catalog.config.CatalogSettings;
import dev.meshbone.cli.demo.DemoDomains;
import dev.meshbone.cli.ops.AclCommand;
import dev.meshbone.cli.ops.ClusterOptions;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.governance.config.GovernanceConfig;
import dev.meshbone.governance.config.GovernanceSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** docker-compose.yml cannot run here (no Docker engine), so this checks it agrees with the apps it runs. */
class DockerComposeTest {

    private static final Path COMPOSE = Path.of("../docker-compose.yml");

    private static JsonNode services() throws Exception {
        // SnakeYAML resolves the merge keys (<<: *meshbone-app) as compose does; Jackson's tree would not.
        Object compose = new org.yaml.snakeyaml.Yaml().load(Files.readString(COMPOSE));
        JsonNode tree = new ObjectMapper(new YAMLFactory()).valueToTree(compose);
        return tree.path("services");
    }

    /** Compose's {@code ${VAR:-default}} interpolation, with every variable unset: the example defaults. */
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    /** A service's environment as compose passes it when no MESH_* variable is set. */
    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
                INTERPOLATION.matcher(e.getValue().asText()).replaceAll(m -> Matcher.quoteReplacement(m.group(2)))));
        return env;
    }

    /** The services built from this repository's Dockerfile. */
    private static Map<String, JsonNode> meshboneServices() throws Exception {
        Map<String, JsonNode> found = new TreeMap<>();
        services().fields().forEachRemaining(e -> {
            if (e.getValue().path("image").asText().startsWith("meshbone:")) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    private static String publishedPort(JsonNode service) {
        return service.path("ports").get(0).asText().split(":")[0];
    }

    @Test
    void shouldRunTheVersionsTheBuildPins() throws Exception {
        Properties versions = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/dev/meshbone/embedded/versions.properties")) {
            versions.load(in);
        }
        JsonNode services = services();
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + versions.getProperty("kafka.version"));
        assertThat(services.path("registry").path("image").asText())
                .isEqualTo("apicurio/apicurio-registry:" + versions.getProperty("apicurio.registry.version"));
        assertThat(Files.readString(Path.of("../Dockerfile"))).contains("/app/mesh.jar");
    }

    @Test
    void shouldConfigureGovernanceWithItsOwnSettingsAndPorts() throws Exception {
        // Given
        JsonNode governance = services().path("governance");
        Map<String, String> env = env(governance);

        // Then every variable is one the app reads under its current name, the config is valid, and the port is
        // the one published
        assertThat(variables(GovernanceSettings.SETTINGS)).containsAll(env.keySet());
        assertThat(GovernanceSettings.SETTINGS.load(Map.of(), env, Map.of()).warnings()).isEmpty();
        GovernanceConfig config = GovernanceConfig.load(null, env);
        assertThat(String.valueOf(config.httpPort())).isEqualTo(publishedPort(governance));
        assertThat(config.bootstrapServers()).isEqualTo(internalKafkaListener());
        assertThat(config.registryUrl()).startsWith("http://registry:8080/");
        assertThat(Class.forName(governance.path("command").get(0).asText())).isNotNull();
    }

    @Test
    void shouldConfigureTheCatalogWithItsOwnSettingsAndPorts() throws Exception {
        JsonNode catalog = services().path("catalog");
        Map<String, String> env = env(catalog);

        assertThat(variables(CatalogSettings.SETTINGS)).containsAll(env.keySet());
        assertThat(CatalogSettings.SETTINGS.load(Map.of(), env, Map.of()).warnings()).isEmpty();
        CatalogConfig config = CatalogConfig.load(null, env);
        assertThat(String.valueOf(config.httpPort())).isEqualTo(publishedPort(catalog));
        assertThat(config.bootstrapServers()).isEqualTo(internalKafkaListener());
        assertThat(Class.forName(catalog.path("command").get(0).asText())).isNotNull();
    }

    @Test
    void shouldPointTheDemoAtTheSameCluster() throws Exception {
        JsonNode demo = services().path("demo");
        assertThat(variables(ClusterOptions.SETTINGS)).containsAll(env(demo).keySet());
        assertThat(env(demo)).containsEntry(MeshSettings.envName("bootstrap.servers"), internalKafkaListener())
                .containsEntry(MeshSettings.envName("registry.url"), "http://registry:8080/apis/registry/v3");
        assertThat(demo.path("command").get(0).asText()).isEqualTo(MeshCli.class.getName());
        assertThat(MeshCliTest.run("demo", "--help").exit()).isZero();
    }

    // --- Security: the same wiring as `mesh up` and notes/security-facts.md ---

    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required ";
    private static final Set<String> SUPER_USERS = Set.of("User:broker", "User:controller", "User:admin");
    private static final Map<String, String> REGISTRY_ROLES = Map.of("admin", "sr-admin", "governance", "sr-readonly",
            "catalog", "sr-readonly", "ops", "sr-readonly", "sales", "sr-developer", "customers", "sr-developer",
            "logistics", "sr-developer");
    /** Who each Meshbone service is, on Kafka and on the registry. */
    private static final Map<String, String> PRINCIPALS = Map.of("governance", "governance", "catalog", "catalog",
            "demo", "admin", "init", "admin");

    /** The broker's server.properties as the apache/kafka image derives it: KAFKA_A_B___C__D → a.b-c_d. */
    private static Map<String, String> brokerProperties() throws Exception {
        Set<String> notProperties = Set.of("KAFKA_OPTS", "KAFKA_HEAP_OPTS", "KAFKA_JMX_OPTS", "KAFKA_LOG4J_OPTS");
        Map<String, String> props = new TreeMap<>();
        env(services().path("kafka")).forEach((key, value) -> {
            if (key.startsWith("KAFKA_") && !notProperties.contains(key)) {
                props.put(key.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace("_", ".")
                        .replace("...", "-").replace("..", "_"), value);
            }
        });
        return props;
    }

    private static Map<String, String> list(String value, String separator) {
        Map<String, String> map = new TreeMap<>();
        for (String entry : value.split(",")) {
            int at = entry.indexOf(separator);
            map.put(entry.substring(0, at), entry.substring(at + separator.length()));
        }
        return map;
    }

    private static String jaasOption(String jaas, String option) {
        Matcher m = Pattern.compile("\\b" + option + "=\"([^\"]*)\"").matcher(jaas);
        assertThat(m.find()).as("%s in %s", option, jaas).isTrue();
        return m.group(1);
    }

    @Test
    void shouldRunKafkaWithScramAclsAndOnlyThePlatformAsSuperUsers() throws Exception {
        Map<String, String> props = brokerProperties();

        // Every listener authenticates: SCRAM-SHA-512 for clients and between brokers, PLAIN for the controller
        Map<String, String> protocols = list(props.get("listener.security.protocol.map"), ":");
        assertThat(protocols.values()).isNotEmpty().allMatch(p -> p.startsWith("SASL_"));
        assertThat(list(props.get("listeners"), "://").keySet()).isEqualTo(protocols.keySet());
        assertThat(props).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                .containsEntry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
                .containsEntry("controller.listener.names", "CONTROLLER");
        for (String listener : protocols.keySet()) {
            String name = listener.toLowerCase(Locale.ROOT);
            if (listener.equals("CONTROLLER")) {
                String jaas = props.get("listener.name." + name + ".plain.sasl.jaas.config");
                assertThat(jaas).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required ");
                assertThat(jaasOption(jaas, "username")).isEqualTo("controller");
                assertThat(jaasOption(jaas, "user_controller")).isEqualTo(jaasOption(jaas, "password"));
                assertThat(jaas).doesNotContainPattern("user_(?!controller=)");
            } else {
                String jaas = props.get("listener.name." + name + ".scram-sha-512.sasl.jaas.config");
                assertThat(jaas).as(listener).startsWith(SCRAM_LOGIN).endsWith(";");
                assertThat(jaasOption(jaas, "username")).isEqualTo("broker");
            }
        }

        // ACLs decide, nobody without one gets in, and only broker, controller and admin are super users
        assertThat(props).containsEntry("authorizer.class.name",
                        "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
        assertThat(Set.of(props.get("super.users").split(";"))).isEqualTo(SUPER_USERS);
        assertThat(props.get("advertised.listeners")).doesNotContain("SASL_"); // see the comment in the file

        // The broker and the admin exist before the first start, with the passwords the others use
        JsonNode kafka = services().path("kafka");
        assertThat(kafka.path("entrypoint").toString()).contains("/opt/meshbone/compose/kafka-start.sh");
        String start = Files.readString(Path.of("../deploy/compose/kafka-start.sh"));
        assertThat(start).contains("--add-scram \"SCRAM-SHA-512=[name=broker,password=${SCRAM_BROKER_PASSWORD}]\"")
                .contains("--add-scram \"SCRAM-SHA-512=[name=admin,password=${SCRAM_ADMIN_PASSWORD}]\"")
                .contains("exec /etc/kafka/docker/run");
        Map<String, String> env = env(kafka);
        assertThat(jaasOption(props.get("listener.name.internal.scram-sha-512.sasl.jaas.config"), "password"))
                .isEqualTo(env.get("SCRAM_BROKER_PASSWORD"));
        assertThat(env).containsKey("CLUSTER_ID");
    }

    /** Each user's SCRAM password: the admin's and broker's from the format, the others' from kafka-users. */
    private static Map<String, String> scramPasswords() throws Exception {
        Map<String, String> kafka = env(services().path("kafka"));
        Map<String, String> users = env(services().path("kafka-users"));
        Map<String, String> passwords = new TreeMap<>();
        passwords.put("admin", kafka.get("SCRAM_ADMIN_PASSWORD"));
        passwords.put("broker", kafka.get("SCRAM_BROKER_PASSWORD"));
        for (String user : users.get("SCRAM_USERS").split(" ")) {
            passwords.put(user, users.get("SCRAM_" + user.toUpperCase(Locale.ROOT) + "_PASSWORD"));
        }
        assertThat(users.get("SCRAM_ADMIN_PASSWORD")).isEqualTo(passwords.get("admin"));
        return passwords;
    }

    @Test
    void shouldCreateEveryPrincipalOfThePlanAndApplyItBeforeTheAppsStart() throws Exception {
        // Every principal the plan names for the demo's domains has a SCRAM user
        Set<String> planned = AclPlan.of(MeshAccess.of(DemoDomains.DOMAINS, Map.of(), AclCommand.platform()))
                .principals().stream().map(p -> p.substring("User:".length())).collect(Collectors.toSet());
        Map<String, String> scram = scramPasswords();
        assertThat(scram.keySet()).containsAll(planned).doesNotContain("ANONYMOUS");
        assertThat(scram.values()).allSatisfy(p -> assertThat(p).isNotBlank().doesNotContain(",", "]"));

        // init applies the plan for the demo's domains and gives each its registry group, as the admin
        JsonNode init = services().path("init");
        assertThat(env(init).get("MESH_DOMAINS").split(" ")).containsExactlyElementsOf(DemoDomains.DOMAINS);
        assertThat(init.path("depends_on").path("kafka-users").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        String script = Files.readString(Path.of("../deploy/compose/mesh-init.sh"));
        assertThat(script).contains("dev.meshbone.cli.MeshCli acl apply").contains("\"$api/groups\"")
                .contains("{\\\"owner\\\":\\\"$d\\\"}");
        assertThat(MeshCliTest.run("acl", "apply", "--help").exit()).isZero();

        // and no app starts before it is done
        for (String app : List.of("governance", "catalog", "demo")) {
            assertThat(services().path(app).path("depends_on").path("init").path("condition").asText()).as(app)
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void shouldConnectEveryMeshboneServiceWithSaslAsItsOwnPrincipal() throws Exception {
        Map<String, String> scram = scramPasswords();
        Map<String, String> registryUsers = registryUsers();
        Map<String, JsonNode> services = meshboneServices();
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(PRINCIPALS.keySet());
        services.forEach((name, service) -> {
            Map<String, String> env = env(service);
            String principal = PRINCIPALS.get(name);
            assertThat(env).as(name).containsEntry("MESHBONE_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("MESHBONE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            String jaas = env.get("MESHBONE_KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas).as(name).startsWith(SCRAM_LOGIN).endsWith(";");
            assertThat(jaasOption(jaas, "username")).as(name).isEqualTo(principal);
            assertThat(jaasOption(jaas, "password")).as(name).isEqualTo(scram.get(principal));
            if (env.containsKey("MESHBONE_REGISTRY_URL")) {
                assertThat(env).as(name).containsEntry("MESHBONE_REGISTRY_USERNAME", principal)
                        .containsEntry("MESHBONE_REGISTRY_PASSWORD", registryUsers.get(principal));
            }
        });
        // The init service is a CLI: its variables are the CLI's settings
        assertThat(variables(ClusterOptions.SETTINGS)).containsAll(env(services.get("init")).keySet().stream()
                .filter(k -> k.startsWith(MeshSettings.ENV_PREFIX)).toList());
        // The apps' settings carry the login to Kafka
        assertThat(GovernanceConfig.load(null, env(services.get("governance"))).streamsOverrides())
                .containsEntry("security.protocol", "SASL_PLAINTEXT").containsKey("sasl.jaas.config");
        assertThat(CatalogConfig.load(null, env(services.get("catalog"))).streamsOverrides())
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    private static Map<String, String> registryUsers() throws Exception {
        return suffixed(env(services().path("registry")), "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_");
    }

    private static Map<String, String> suffixed(Map<String, String> env, String prefix) {
        Map<String, String> found = new TreeMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                found.put(key.substring(prefix.length()).toLowerCase(Locale.ROOT), value);
            }
        });
        return found;
    }

    @Test
    void shouldRunTheRegistryWithBasicAuthOwnedGroupsAndNoCompatApi() throws Exception {
        Map<String, String> env = env(services().path("registry"));
        assertThat(env).containsEntry("QUARKUS_HTTP_AUTH_BASIC", "true")
                .containsEntry("QUARKUS_SECURITY_USERS_EMBEDDED_ENABLED", "true")
                .containsEntry("QUARKUS_SECURITY_USERS_EMBEDDED_PLAIN_TEXT", "true")
                .containsEntry("APICURIO_AUTH_ROLE_BASED_AUTHORIZATION", "true")
                .containsEntry("APICURIO_AUTH_OWNER_ONLY_AUTHORIZATION", "true")
                .containsEntry("APICURIO_AUTH_OWNER_ONLY_AUTHORIZATION_LIMIT_GROUP_ACCESS", "true")
                .containsEntry("QUARKUS_HTTP_AUTH_PERMISSION_NOCCOMPAT_PATHS", "/apis/ccompat/*")
                .containsEntry("QUARKUS_HTTP_AUTH_PERMISSION_NOCCOMPAT_POLICY", "deny")
                .doesNotContainKey("APICURIO_AUTH_ANONYMOUS_READ_ACCESS_ENABLED");
        assertThat(suffixed(env, "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_")).isEqualTo(REGISTRY_ROLES);
        assertThat(registryUsers().keySet()).isEqualTo(REGISTRY_ROLES.keySet());
        // The same password on Kafka and the registry, as `mesh up` gives each principal one
        Map<String, String> scram = scramPasswords();
        registryUsers().forEach((user, password) -> assertThat(password).as(user).isEqualTo(scram.get(user)));
    }

    @Test
    void shouldTakeEveryPasswordFromTheEnvironmentWithAMarkedExampleDefault() throws Exception {
        String compose = Files.readString(COMPOSE);
        assertThat(compose).contains("CHANGE ME").contains("SASL_SSL");
        Matcher m = INTERPOLATION.matcher(compose);
        int found = 0;
        while (m.find()) {
            found++;
            assertThat(m.group(1)).matches("MESH_[A-Z]+_PASSWORD");
            assertThat(m.group(2)).endsWith("-example-change-me");
        }
        assertThat(found).isGreaterThan(10);
        assertThat(INTERPOLATION.matcher(compose).replaceAll("")).doesNotContain("${");
        // No literal password anywhere: every password-like value is interpolated
        services().fields().forEachRemaining(service -> service.getValue().path("environment").fields()
                .forEachRemaining(e -> {
                    if (e.getKey().endsWith("PASSWORD") || e.getKey().contains("EMBEDDED_USERS_")
                            || e.getKey().endsWith("JAAS_CONFIG")) {
                        assertThat(e.getValue().asText()).as(service.getKey() + " " + e.getKey())
                                .contains("${MESH_");
                    }
                }));
    }

    /**
     * The environment variables a component reads: one per setting it defines, and the {@code kafka.*}
     * pass-through of real Kafka client settings ({@code MESHBONE_KAFKA_SECURITY_PROTOCOL}, ...).
     */
    private static Set<String> variables(MeshSettings settings) {
        return Stream.concat(settings.definition().configKeys().keySet().stream(),
                        AdminClientConfig.configNames().stream().map(k -> MeshSettings.KAFKA_PREFIX + k))
                .map(MeshSettings::envName).collect(Collectors.toSet());
    }

    private static String internalKafkaListener() throws Exception {
        String advertised = env(services().path("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        return Arrays.stream(advertised.split(",")).filter(l -> l.startsWith("INTERNAL://")).findFirst().orElseThrow()
                .substring("INTERNAL://".length());
    }
}
