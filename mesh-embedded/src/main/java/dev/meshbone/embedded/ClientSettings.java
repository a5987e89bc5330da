package dev.meshbone.embedded;

import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * How a principal reaches the secure embedded stack: plain Kafka client properties, or Meshbone settings
 * ({@code bootstrap.servers}, {@code registry.*}, {@code kafka.*} pass-through) that the SDK's
 * {@code MeshConfig.load(Path)} and the governance and catalog apps read.
 */
public final class ClientSettings {

    /** {@code security.protocol} of the embedded client listener. */
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    /** {@code sasl.mechanism} of the embedded client listener. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private ClientSettings() {
    }

    /** Kafka client properties that log in as the principal. */
    public static Properties kafka(String bootstrapServers, MeshPrincipal principal) {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SECURITY_PROTOCOL);
        props.put(SaslConfigs.SASL_MECHANISM, SASL_MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, principal.jaasConfig());
        return props;
    }

    /** Meshbone settings that connect as the principal; {@code registryUrl} is the base or the v3 API URL. */
    public static Map<String, String> mesh(String bootstrapServers, String registryUrl, MeshPrincipal principal) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(SharedSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        settings.put(SharedSettings.REGISTRY_URL, SharedSettings.registryApiUrl(registryUrl));
        settings.put(SharedSettings.REGISTRY_USERNAME, principal.name());
        settings.put(SharedSettings.REGISTRY_PASSWORD, principal.password());
        kafka(bootstrapServers, principal).forEach((k, v) -> {
            if (!k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                settings.put(MeshSettings.KAFKA_PREFIX + k, (String) v);
            }
        });
        return settings;
    }

    /**
     * Writes settings as a properties file readable only by its owner (mode 0600 on POSIX file systems); the file
     * is created with that mode, so the secret is never readable by others, not even briefly.
     *
     * @return the file
     */
    public static Path write(Path file, Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(settings);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Secrets.createPrivateFile(file);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(out, "Meshbone client settings; contains a password");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the settings file " + file, e);
        }
        return file;
    }
}
