package dev.meshbone.config;

import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.schemas.MeshTopics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings every component means the same by, unprefixed: where Kafka and the registry are, how the mesh's
 * topics are replicated, and where the keystore of the mesh's key-encryption keys is. A component defines the ones it uses, with its own default where it has one (the apps
 * default to a local mesh; the SDK requires both addresses).
 */
public final class SharedSettings {

    /** Kafka bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Apicurio Registry: its base URL or its v3 API URL. */
    public static final String REGISTRY_URL = "registry.url";
    /** Registry basic-auth user. */
    public static final String REGISTRY_USERNAME = "registry.username";
    /** Registry basic-auth password. */
    public static final String REGISTRY_PASSWORD = "registry.password";
    /** Replication factor of every mesh topic and Kafka Streams internal topic; -1 for the broker's default. */
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    /** How long the quarantine topic keeps refused records (raw personal data): its {@code retention.ms}. */
    public static final String QUARANTINE_RETENTION_MS = "quarantine.retention.ms";
    /** The shortest quarantine retention: time to notice a violation and replay the record. */
    public static final Duration MIN_QUARANTINE_RETENTION = Duration.ofHours(1);
    /** The longest: a quarantine is a place to fix and replay, not an archive of personal data. */
    public static final Duration MAX_QUARANTINE_RETENTION = Duration.ofDays(365);

    /** The keystore (PKCS12) of the key-encryption keys and the subject-hash secret; empty for no key access. */
    public static final String KEYSTORE = "keys.keystore";
    /** The file holding the keystore's password; empty for {@code <keystore>.password}. */
    public static final String KEYSTORE_PASSWORD_FILE = "keys.keystore.password.file";

    /** The path of Apicurio Registry's v3 REST API under its base URL. */
    public static final String REGISTRY_API_PATH = "/apis/registry/v3";

    /** Every shared key. */
    public static final Set<String> KEYS = Set.of(BOOTSTRAP_SERVERS, REGISTRY_URL, REGISTRY_USERNAME,
            REGISTRY_PASSWORD, TOPIC_REPLICATION_FACTOR, QUARANTINE_RETENTION_MS, KEYSTORE, KEYSTORE_PASSWORD_FILE);

    private SharedSettings() {
    }

    /** Defines {@code bootstrap.servers}; {@link ConfigDef#NO_DEFAULT_VALUE} makes it required. */
    public static ConfigDef bootstrapServers(ConfigDef def, Object defaultValue) {
        return def.define(BOOTSTRAP_SERVERS, Type.STRING, defaultValue, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Kafka bootstrap servers." + required(defaultValue));
    }

    /** Defines {@code registry.url}; {@link ConfigDef#NO_DEFAULT_VALUE} makes it required. */
    public static ConfigDef registryUrl(ConfigDef def, Object defaultValue) {
        return def.define(REGISTRY_URL, Type.STRING, defaultValue, new ConfigDef.NonEmptyString(), Importance.HIGH,
                "Apicurio Registry: its base URL or its v3 API URL (`.../apis/registry/v3`)." + required(defaultValue));
    }

    /** Defines {@code registry.username} and {@code registry.password} (a PASSWORD: never logged). */
    public static ConfigDef registryCredentials(ConfigDef def) {
        return def.define(REGISTRY_USERNAME, Type.STRING, "", Importance.MEDIUM,
                        "User for HTTP basic authentication to the registry; empty for none.")
                .define(REGISTRY_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM,
                        "Password for HTTP basic authentication to the registry.");
    }

    /** Defines {@code topic.replication.factor}, default -1 (the broker's {@code default.replication.factor}). */
    public static ConfigDef topicReplicationFactor(ConfigDef def) {
        return def.define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) -1,
                (name, value) -> {
                    short v = (Short) value;
                    if (v != -1 && v < 1) {
                        throw new org.apache.kafka.common.config.ConfigException(name, value,
                                "must be -1 or at least 1");
                    }
                }, Importance.MEDIUM,
                "Replication factor of the mesh topics (and Kafka Streams' internal topics) this component creates; "
                        + "-1 takes the broker's default.");
    }

    /**
     * Defines {@code quarantine.retention.ms}, default {@link MeshTopicDefinitions#DEFAULT_QUARANTINE_RETENTION}, for
     * the components that provision the quarantine topic (its definition: {@link MeshTopicDefinitions#quarantine}).
     */
    public static ConfigDef quarantineRetention(ConfigDef def) {
        return def.define(QUARANTINE_RETENTION_MS, Type.LONG,
                MeshTopicDefinitions.DEFAULT_QUARANTINE_RETENTION.toMillis(),
                Range.between(MIN_QUARANTINE_RETENTION.toMillis(), MAX_QUARANTINE_RETENTION.toMillis()),
                Importance.HIGH, "How long the quarantine topic (" + MeshTopics.QUARANTINE + ") keeps refused "
                        + "records, raw personal data included: its retention.ms, set when it is created and set back "
                        + "when it differs. From an hour (3600000) to a year (31536000000).");
    }

    /**
     * Defines {@code keys.keystore} and {@code keys.keystore.password.file}: the local keystore of the
     * key-encryption keys (what unwraps the data keys on {@code mesh.keys}) and the file with its password. The
     * password is never a setting value nor a command-line argument: it is read from a file, mode 0600.
     *
     * @param purpose what the keystore gives this component, e.g. "MeshConsumer decrypts ENCRYPT fields"
     */
    public static ConfigDef keystore(ConfigDef def, String purpose) {
        return def.define(KEYSTORE, Type.STRING, "", Importance.MEDIUM,
                        "The keystore (PKCS12) of the mesh's key-encryption keys and subject-hash secret (`mesh up` "
                                + "makes one in its data directory). " + purpose)
                .define(KEYSTORE_PASSWORD_FILE, Type.STRING, "", Importance.MEDIUM,
                        "The file holding the keystore's password (keep it mode 0600); empty takes the keystore's "
                                + "path + `.password`.");
    }

    /**
     * The registry's v3 API URL from {@code registry.url} as given: the base URL ({@code http://host:8080}) or the
     * API URL itself, trailing slashes ignored.
     *
     * @throws IllegalArgumentException naming {@code registry.url} and its variable when it is not an http(s) URL
     */
    public static String registryApiUrl(String url) {
        String base = url.trim().replaceAll("/+$", "");
        if (base.endsWith(REGISTRY_API_PATH)) {
            base = base.substring(0, base.length() - REGISTRY_API_PATH.length());
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw MeshSettings.invalid(REGISTRY_URL, "is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw MeshSettings.invalid(REGISTRY_URL, "must be an http(s) URL such as http://localhost:8080, was '"
                    + url + "'");
        }
        return base + REGISTRY_API_PATH;
    }

    /** The HTTP {@code Authorization} header of basic authentication to the registry; empty without a user. */
    public static Optional<String> registryAuthorization(String username, String password) {
        return username == null || username.isEmpty() ? Optional.empty() : Optional.of("Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static String required(Object defaultValue) {
        return defaultValue == ConfigDef.NO_DEFAULT_VALUE ? " Required." : "";
    }
}
