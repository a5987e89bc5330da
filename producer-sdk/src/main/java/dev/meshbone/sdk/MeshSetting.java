package dev.meshbone.sdk;

import java.util.Locale;

/**
 * Every setting of the SDK: its key in a properties file, its environment variable, its default and what it does.
 * This is the only place a setting is defined; the configuration table in the module's README is checked against it
 * by a test. Kafka client settings are passed through besides these: {@code security.protocol}, {@code sasl.*} and
 * {@code ssl.*} as they are, anything else with the {@value #KAFKA_PREFIX} prefix (e.g. {@code kafka.linger.ms}).
 */
public enum MeshSetting {

    BOOTSTRAP_SERVERS("bootstrap.servers", null, "Kafka bootstrap servers. Required."),
    REGISTRY_URL("registry.url", null,
            "Apicurio Registry: its base URL or its v3 API URL (`.../apis/registry/v3`). Required."),
    REGISTRY_USERNAME("registry.username", "", "User for HTTP basic authentication to the registry; empty for none."),
    REGISTRY_PASSWORD("registry.password", "", "Password for HTTP basic authentication to the registry."),
    CLIENT_ID("client.id", "",
            "The producing service: the `mesh.producer.id` header, `updatedBy` of descriptors and the prefix of Kafka "
                    + "client ids. Empty takes `meshbone-<host name>`."),
    TOPIC_PARTITIONS("topic.partitions", "3", "Partitions of an ingress topic the SDK creates (when absent)."),
    TOPIC_REPLICATION_FACTOR("topic.replication.factor", "-1",
            "Replication factor of topics the SDK creates (ingress topics, `mesh.products`); -1 takes the broker's "
                    + "default."),
    OPEN_TIMEOUT("open.timeout", "60s",
            "How long opening a publisher may take (registry, topics, reading `mesh.products`); transient faults "
                    + "are retried with back-off within it."),
    REGISTRY_REQUEST_TIMEOUT("registry.request.timeout", "10s", "Timeout of one HTTP request to the registry.");

    /** Prefix of Kafka client settings passed through without it, e.g. {@code kafka.compression.type}. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** Prefix of every environment variable: {@code MESHBONE_REGISTRY_URL} sets {@code registry.url}. */
    public static final String ENV_PREFIX = "MESHBONE_";

    private final String key;
    private final String defaultValue;
    private final String doc;

    MeshSetting(String key, String defaultValue, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
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
        return defaultValue;
    }

    /** True when there is no default. */
    public boolean required() {
        return defaultValue == null;
    }

    /** What it does (Markdown). */
    public String doc() {
        return doc;
    }

    /** The environment variable of any key: {@code MESHBONE_} + upper case, dots as underscores. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
