package dev.meshbone.sdk;

import dev.meshbone.config.Deprecation;
import dev.meshbone.config.MeshSettings;
import dev.meshbone.config.SharedSettings;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Every setting of the SDK, by key. Their types, defaults, validators and documentation are one Kafka
 * {@link ConfigDef} ({@link #SETTINGS}, the shared mechanism of {@code dev.meshbone.config}); the configuration table
 * in the module's README is generated from it and checked by a test. The SDK's own keys are unprefixed (it is a
 * library inside a service); Kafka client settings pass through with the {@value #KAFKA_PREFIX} prefix
 * (e.g. {@code kafka.linger.ms}, {@code kafka.security.protocol}).
 */
public enum MeshSetting {

    BOOTSTRAP_SERVERS(SharedSettings.BOOTSTRAP_SERVERS),
    REGISTRY_URL(SharedSettings.REGISTRY_URL),
    REGISTRY_USERNAME(SharedSettings.REGISTRY_USERNAME),
    REGISTRY_PASSWORD(SharedSettings.REGISTRY_PASSWORD),
    CLIENT_ID("client.id"),
    TOPIC_PARTITIONS("topic.partitions"),
    TOPIC_REPLICATION_FACTOR(SharedSettings.TOPIC_REPLICATION_FACTOR),
    OPEN_TIMEOUT("open.timeout.ms"),
    REGISTRY_REQUEST_TIMEOUT("registry.request.timeout.ms"),
    KEYSTORE(SharedSettings.KEYSTORE),
    KEYSTORE_PASSWORD_FILE(SharedSettings.KEYSTORE_PASSWORD_FILE),
    KEYS_CACHE_SIZE("keys.cache.size"),
    KEYS_CATCHUP_TIMEOUT("keys.catchup.timeout.ms");

    /** Prefix of Kafka client settings passed through without it, e.g. {@code kafka.compression.type}. */
    public static final String KAFKA_PREFIX = MeshSettings.KAFKA_PREFIX;
    /** Prefix of every environment variable: {@code MESHBONE_REGISTRY_URL} sets {@code registry.url}. */
    public static final String ENV_PREFIX = MeshSettings.ENV_PREFIX;

    /** The definition of every SDK setting, and the deprecated keys still accepted for one release. */
    public static final MeshSettings SETTINGS = MeshSettings.unprefixed(definition(),
            Deprecation.duration("open.timeout", "open.timeout.ms").withOldEnv("MESHBONE_OPEN_TIMEOUT"),
            Deprecation.duration("registry.request.timeout", "registry.request.timeout.ms")
                    .withOldEnv("MESHBONE_REGISTRY_REQUEST_TIMEOUT"),
            Deprecation.renamed("security.protocol", "kafka.security.protocol")
                    .withOldEnv("MESHBONE_SECURITY_PROTOCOL"),
            Deprecation.prefix("sasl.", "kafka.sasl."),
            Deprecation.prefix("ssl.", "kafka.ssl."));

    private final String key;

    MeshSetting(String key) {
        this.key = key;
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef();
        SharedSettings.bootstrapServers(def, ConfigDef.NO_DEFAULT_VALUE);
        SharedSettings.registryUrl(def, ConfigDef.NO_DEFAULT_VALUE);
        SharedSettings.registryCredentials(def);
        SharedSettings.topicReplicationFactor(def
                .define("client.id", Type.STRING, "", Importance.HIGH,
                        "The producing service: the `mesh.producer.id` header, `updatedBy` of descriptors and the "
                                + "prefix of Kafka client ids. Empty takes `meshbone-<host name>`.")
                .define("topic.partitions", Type.INT, 3, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "Partitions of an ingress topic the SDK creates (when absent)."))
                .define("open.timeout.ms", Type.LONG, 60_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                        "How long opening a publisher may take (registry, topics, reading `mesh.products` and the "
                                + "contract topic); transient faults are retried with back-off within it.")
                .define("registry.request.timeout.ms", Type.LONG, 10_000L, ConfigDef.Range.atLeast(1),
                        Importance.LOW, "Timeout of one HTTP request to the registry.");
        return SharedSettings.keystore(def, "With it, `MeshConsumer` decrypts ENCRYPT fields (it reads `mesh.keys`: "
                        + "the team needs key access); empty: it hands out the `enc:v2:` tokens as they are.")
                .define("keys.cache.size", Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How many unwrapped data keys a consumer keeps in memory (least recently used go first; a "
                                + "forgotten subject's key goes at once).")
                .define("keys.catchup.timeout.ms", Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How long a consumer may take to read `mesh.keys` to its end before it decides that a "
                                + "token's key is gone (the field is then erased, never a stall or an exception).");
    }

    /** The key in a properties file, e.g. {@code registry.url}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code MESHBONE_REGISTRY_URL}. */
    public String env() {
        return envName(key);
    }

    /** The default as written, or null for a required setting. */
    public String defaultValue() {
        ConfigDef.ConfigKey k = configKey();
        if (k.defaultValue == ConfigDef.NO_DEFAULT_VALUE) {
            return null;
        }
        return k.type == Type.PASSWORD ? "" : ConfigDef.convertToString(k.defaultValue, k.type);
    }

    /** True when there is no default. */
    public boolean required() {
        return configKey().defaultValue == ConfigDef.NO_DEFAULT_VALUE;
    }

    /** What it does (Markdown). */
    public String doc() {
        return configKey().documentation;
    }

    private ConfigDef.ConfigKey configKey() {
        return SETTINGS.definition().configKeys().get(key);
    }

    /** The environment variable of any key: {@code MESHBONE_} + upper case, dots and dashes as underscores. */
    public static String envName(String key) {
        return MeshSettings.envName(key);
    }
}
