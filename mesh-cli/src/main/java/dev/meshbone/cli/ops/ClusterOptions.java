package dev.meshbone.cli.ops;

import dev.meshbone.cli.LocalMesh;
import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import dev.meshbone.config.access.AccessErrors;
import dev.meshbone.config.access.AclPlan;
import dev.meshbone.config.access.MeshAccess;
import dev.meshbone.sdk.MeshConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * Where the mesh is and who the CLI is there: flags, else {@code MESHBONE_*} variables, else a settings file
 * ({@code --command-config}, Kafka's convention; by default the one {@code mesh up} leaves for the local mesh), else
 * {@code localhost}; the same shared settings, variables and precedence (flags are values set in code) as every
 * Meshbone component. Kafka client settings ({@code security.protocol}, {@code sasl.*}, ...) come from the file as
 * they are or as {@code kafka.*}, and from {@code MESHBONE_KAFKA_*} variables.
 */
public final class ClusterOptions {

    /** The CLI's settings: the shared ones, with a local mesh as default. */
    public static final MeshSettings SETTINGS = MeshSettings.of("cli", SharedSettings.keystore(
            SharedSettings.registryCredentials(SharedSettings.topicReplicationFactor(SharedSettings.registryUrl(
                    SharedSettings.bootstrapServers(new ConfigDef(), "localhost:9092"),
                    "http://localhost:8080/apis/registry/v3"))),
            "`mesh forget` hashes the subject with its secret, as governance keys `mesh.keys`."));

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env MESHBONE_BOOTSTRAP_SERVERS; default localhost:9092).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Apicurio Registry, base or v3 API URL (env MESHBONE_REGISTRY_URL; default "
                    + "http://localhost:8080/apis/registry/v3).")
    String registryUrl;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings: Kafka client properties (security.protocol, sasl.jaas.config, ...) and "
                    + "Meshbone's (bootstrap.servers, registry.url, registry.username, registry.password). Default: "
                    + "the local mesh's admin settings, while `mesh up` runs.")
    Path commandConfig;

    private LoadedSettings settings;

    /** Kafka bootstrap servers. */
    public String bootstrapServers() {
        return settings().getString(SharedSettings.BOOTSTRAP_SERVERS);
    }

    /** Replication factor of mesh topics the CLI creates ({@code MESHBONE_TOPIC_REPLICATION_FACTOR}). */
    public short replicationFactor() {
        return settings().getShort(SharedSettings.TOPIC_REPLICATION_FACTOR);
    }

    /** Kafka client properties for a short-lived ops client that fails fast when nothing answers. */
    public Properties client(String clientId) {
        Properties props = new Properties();
        props.putAll(settings().kafka());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "mesh-cli-" + clientId);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    /** SDK settings for a client of this mesh as this CLI's principal (the demo publishes through the SDK). */
    public MeshConfig meshConfig() {
        MeshConfig.Builder b = MeshConfig.builder().bootstrapServers(bootstrapServers()).registryUrl(registryApi());
        if (!registryUsername().isEmpty()) {
            b.set(SharedSettings.REGISTRY_USERNAME, registryUsername()).set(SharedSettings.REGISTRY_PASSWORD,
                    registryPassword());
        }
        settings().kafka().forEach(b::kafka);
        return b.build();
    }

    /**
     * A login or authorization failure of this CLI's clients as one line naming the principal and why by the ACL
     * plan; empty for any other failure. Ops commands mostly read, so a refusal is explained as a read.
     */
    public Optional<String> explain(Throwable error) {
        AclPlan plan = AclPlan.of(MeshAccess.of(List.of(), Map.of(), AclCommand.platform()));
        return AccessErrors.explain(error, AccessErrors.userOf(settings().kafka()),
                List.of(AclOperation.READ, AclOperation.WRITE), plan);
    }

    /** The keystore of the settings ({@code keys.keystore}; the local mesh's while it runs), if any. */
    public Optional<Path> keystore() {
        String path = settings().getString(SharedSettings.KEYSTORE);
        return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path.trim()));
    }

    /** The keystore's password file of the settings ({@code keys.keystore.password.file}), if any. */
    public Optional<Path> keystorePasswordFile() {
        String path = settings().getString(SharedSettings.KEYSTORE_PASSWORD_FILE);
        return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path.trim()));
    }

    /** Who the CLI is on Kafka: the SASL user of its settings, else its registry user, else "unknown". */
    public String principal() {
        return AccessErrors.userOf(settings().kafka()).orElse(registryUsername().isEmpty() ? "unknown" : registryUsername());
    }

    /** The registry user, empty for none. */
    public String registryUsername() {
        return settings().getString(SharedSettings.REGISTRY_USERNAME);
    }

    /** The registry user's password. */
    public String registryPassword() {
        return settings().secret(SharedSettings.REGISTRY_PASSWORD);
    }

    /** The registry's v3 API URL, whether the base URL or the API URL was given. */
    public String registryApi() {
        return SharedSettings.registryApiUrl(settings().getString(SharedSettings.REGISTRY_URL));
    }

    private LoadedSettings settings() {
        if (settings == null) {
            Map<String, String> flags = new HashMap<>();
            if (bootstrapServers != null) {
                flags.put(SharedSettings.BOOTSTRAP_SERVERS, bootstrapServers);
            }
            if (registryUrl != null) {
                flags.put(SharedSettings.REGISTRY_URL, registryUrl);
            }
            settings = SETTINGS.load(flags, System.getenv(), file());
        }
        return settings;
    }

    /** True when the commands talk to the mesh {@code mesh up} runs on this machine (with its admin settings). */
    public boolean isLocalMesh() {
        return commandConfig == null && Files.isReadable(LocalMesh.adminSettings());
    }

    /**
     * The settings file: {@code --command-config}, else the local mesh's while it runs; its Kafka client properties
     * become {@code kafka.*} settings.
     */
    private Map<String, String> file() {
        Path file = commandConfig;
        if (file == null) {
            Path local = LocalMesh.adminSettings();
            if (!Files.isReadable(local)) {
                return Map.of();
            }
            file = local;
        } else if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("--command-config " + file.toAbsolutePath() + ": no such readable file");
        }
        Map<String, String> settings = new TreeMap<>();
        MeshSettings.readFile(file).forEach((key, value) -> settings.put(
                SETTINGS.definition().configKeys().containsKey(key) || key.startsWith(MeshSettings.KAFKA_PREFIX)
                        ? key : MeshSettings.KAFKA_PREFIX + key, value));
        return settings;
    }
}
