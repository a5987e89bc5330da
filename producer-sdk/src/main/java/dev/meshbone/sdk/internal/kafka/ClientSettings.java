package dev.meshbone.sdk.internal.kafka;

import dev.meshbone.sdk.MeshConfig;
import dev.meshbone.sdk.internal.publish.IdentityCachedDatumProvider;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka and Apicurio settings every SDK client gets, from one {@link MeshConfig}. */
public final class ClientSettings {

    private ClientSettings() {
    }

    /** Bootstrap servers and the pass-through settings (security, {@code kafka.*}). */
    public static Properties common(MeshConfig config, String clientIdSuffix) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, config.clientId() + "-" + clientIdSuffix);
        return props;
    }

    /**
     * An idempotent producer with {@code acks=all}, byte-array key and value (the SDK serializes itself), and lz4
     * unless {@code kafka.compression.type} says otherwise: the five mesh headers repeat on every record and
     * compress to almost nothing.
     */
    public static Properties producer(MeshConfig config, String clientIdSuffix) {
        Properties props = common(config, clientIdSuffix);
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** A byte-array consumer; with a null group it reads by assignment and commits nothing. */
    public static Properties consumer(MeshConfig config, String clientIdSuffix, String groupId, String offsetReset) {
        Properties props = common(config, clientIdSuffix);
        if (groupId != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        } else {
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        }
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** The registry URL and credentials, shared by serializer and deserializer. */
    static Map<String, Object> registry(MeshConfig config) {
        Map<String, Object> serde = new HashMap<>();
        serde.put(SerdeConfig.REGISTRY_URL, config.registryUrl());
        serde.put(SerdeConfig.USE_ID, "globalId");
        if (!config.registryUsername().isEmpty()) {
            serde.put(SchemaResolverConfig.AUTH_USERNAME, config.registryUsername());
            serde.put(SchemaResolverConfig.AUTH_PASSWORD, config.registryPassword());
        }
        return serde;
    }

    /**
     * The Apicurio Avro serializer's settings: never registers anything, and writes the global id of exactly the
     * version the publisher registered (0x00, int32 global id, Avro binary). Writers are cached by schema object
     * ({@link IdentityCachedDatumProvider}); the bytes are the same.
     */
    public static Map<String, Object> serializer(MeshConfig config, String groupId, String artifactId,
                                                 String version) {
        Map<String, Object> serde = registry(config);
        serde.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
        serde.put(SerdeConfig.EXPLICIT_ARTIFACT_GROUP_ID, groupId);
        serde.put(SerdeConfig.EXPLICIT_ARTIFACT_ID, artifactId);
        serde.put(SerdeConfig.EXPLICIT_ARTIFACT_VERSION, version);
        serde.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, IdentityCachedDatumProvider.class.getName());
        return serde;
    }

    /** The Apicurio Avro deserializer's settings; specific records when asked for. */
    public static Map<String, Object> deserializer(MeshConfig config, boolean specific) {
        Map<String, Object> serde = registry(config);
        serde.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, specific);
        return serde;
    }
}
