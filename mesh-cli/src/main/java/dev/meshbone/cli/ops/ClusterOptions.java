package dev.meshbone.cli.ops;

import dev.meshbone.config.LoadedSettings;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * Where the mesh is: from flags, else {@code MESHBONE_BOOTSTRAP_SERVERS} / {@code MESHBONE_REGISTRY_URL}, else a
 * local mesh; the same shared settings, variables and precedence (flags are values set in code) as every Meshbone
 * component. {@code MESHBONE_KAFKA_*} variables reach the ops clients too (security settings, for one).
 */
public final class ClusterOptions {

    /** The CLI's settings: the shared ones, with a local mesh as default. */
    public static final MeshSettings SETTINGS = MeshSettings.of("cli", SharedSettings.topicReplicationFactor(
            SharedSettings.registryUrl(SharedSettings.bootstrapServers(new ConfigDef(), "localhost:9092"),
                    "http://localhost:8080/apis/registry/v3")));

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (env MESHBONE_BOOTSTRAP_SERVERS; default localhost:9092).")
    String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Apicurio Registry, base or v3 API URL (env MESHBONE_REGISTRY_URL; default "
                    + "http://localhost:8080/apis/registry/v3).")
    String registryUrl;

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
            settings = SETTINGS.load(flags, System.getenv(), Map.of());
        }
        return settings;
    }
}
