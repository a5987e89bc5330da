package dev.meshbone.cli.ops;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** Where the mesh is: from flags, else {@code MESHBONE_BOOTSTRAP_SERVERS} / {@code MESHBONE_REGISTRY_URL}. */
public final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:MESHBONE_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env MESHBONE_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Option(names = "--registry-url", paramLabel = "URL",
            defaultValue = "${env:MESHBONE_REGISTRY_URL:-http://localhost:8080/apis/registry/v3}",
            description = "Apicurio Registry v3 API (env MESHBONE_REGISTRY_URL; default ${DEFAULT-VALUE}).")
    String registryUrl;

    /** Kafka client properties for a short-lived ops client that fails fast when nothing answers. */
    public Properties client(String clientId) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "mesh-cli-" + clientId);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    /** The registry's v3 API URL, whether the base URL or the API URL was given. */
    public String registryApi() {
        String url = registryUrl.replaceAll("/+$", "");
        return url.endsWith("/apis/registry/v3") ? url : url + "/apis/registry/v3";
    }
}
