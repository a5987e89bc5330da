package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshbone.config.topics.MeshTopicDefinitions;
import dev.meshbone.config.topics.TopicProvisioner;
import dev.meshbone.contract.ProductId;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.DataKeys;
import dev.meshbone.contract.pii.keys.KeyTopicKey;
import dev.meshbone.contract.pii.keys.LocalKeystore;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.embedded.PrincipalKind;
import dev.meshbone.events.SubjectKey;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MeshConsumer} with key access against the real broker and registry, without governance: the test writes
 * the data keys on {@code mesh.keys} itself and the tokens into the records (then copies them, byte for byte, from
 * the ingress topic to the public one, as governance would write them).
 */
@ExtendWith(MeshClusterExtension.class)
class KeyAccessIT {

    private static final MeshEventSerde<SubjectKey> KEYS = MeshEventSerde.of(SubjectKey.class);

    @TempDir
    Path dir;

    @Test
    void shouldDecryptEraseAfterATombstoneAndNeverStallOnAMissingKey(MeshCluster cluster) throws Exception {
        // Given a keystore, two subjects' data keys on mesh.keys and a third key that never was there
        LocalKeystore keystore = LocalKeystore.openOrCreate(dir.resolve("keystore.p12"));
        try (var admin = cluster.createAdmin()) {
            new TopicProvisioner(admin, (short) 1).ensure(List.of(MeshTopicDefinitions.KEYS), Duration.ofSeconds(30));
        }
        DataKey jane = DataKeys.generate();
        DataKey omar = DataKeys.generate();
        DataKey never = DataKeys.generate();
        writeKey(cluster, keystore, "customer.jane", jane);
        writeKey(cluster, keystore, "customer.omar", omar);
        String domain = MeshClusterExtension.uniqueName("keys");
        publish(cluster, domain, List.of(
                order(1, SubjectCipher.encrypt("jane@example.com", jane)),
                order(2, SubjectCipher.encrypt("omar@example.com", omar)),
                order(3, SubjectCipher.encrypt("who@example.com", never))));
        MeshConfig plain = MeshConfig.builder().properties(cluster.settingsProperties()).build();
        MeshConfig withKeys = MeshConfig.builder().properties(cluster.settingsProperties())
                .keystore(dir.resolve("keystore.p12")).set("keys.catchup.timeout.ms", "5000").build();

        try (MeshConsumer<Order> consumer = MeshConsumer.builder(withKeys, domain + ".orders", Order.class)
                .groupId("keys-" + UUID.randomUUID()).build()) {
            // When
            long started = System.nanoTime();
            List<MeshRecord<Order>> first = read(consumer, 3);

            // Then the live keys open their tokens; the missing one erases its field, without an exception or a stall
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            assertThat(first.get(0).value().getCustomerEmail()).isEqualTo("jane@example.com");
            assertThat(first.get(0).erasedFields()).isEmpty();
            assertThat(first.get(1).value().getCustomerEmail()).isEqualTo("omar@example.com");
            assertThat(first.get(2).value().getCustomerEmail()).isNull();
            assertThat(first.get(2).erasedFields()).containsExactly("customerEmail");
            assertThat(first.get(2).erased()).isTrue();

            // When jane's key is tombstoned while the consumer runs (its key is in its cache), and she reappears
            try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
                producer.send(new ProducerRecord<>(MeshTopics.KEYS, new KeyTopicKey("customer.jane", jane.keyId())
                        .toString().getBytes(StandardCharsets.UTF_8), null)).get();
            }
            publish(cluster, domain, List.of(order(4, SubjectCipher.encrypt("jane@example.com", jane)),
                    order(5, SubjectCipher.encrypt("omar@example.com", omar))));
            List<MeshRecord<Order>> second = read(consumer, 2);

            // Then her field is erased from then on, and omar's still decrypts
            assertThat(second.get(0).value().getCustomerEmail()).isNull();
            assertThat(second.get(0).erasedFields()).containsExactly("customerEmail");
            assertThat(second.get(1).value().getCustomerEmail()).isEqualTo("omar@example.com");
        }

        // And a consumer without key access reads the tokens, plain strings
        try (MeshConsumer<Order> consumer = MeshConsumer.builder(plain, domain + ".orders", Order.class)
                .groupId("plain-" + UUID.randomUUID()).build()) {
            List<MeshRecord<Order>> tokens = read(consumer, 5);
            assertThat(tokens).allSatisfy(r -> {
                assertThat(SubjectCipher.isToken(r.value().getCustomerEmail().toString())).isTrue();
                assertThat(r.erasedFields()).isEmpty();
            });
        }

        // And a principal that may not read mesh.keys is told what it lacks, in one line, when the consumer is built
        Properties team = new Properties();
        team.putAll(cluster.settings(cluster.createPrincipal("t" + UUID.randomUUID().toString().substring(0, 8),
                PrincipalKind.CONSUMER)));
        MeshConfig refused = MeshConfig.builder().properties(team).keystore(dir.resolve("keystore.p12")).build();
        assertThatThrownBy(() -> MeshConsumer.builder(refused, domain + ".orders", Order.class).build())
                .isInstanceOf(MeshException.class).hasMessageContaining("may not read mesh.keys")
                .hasMessageContaining("--with-keys");
    }

    private static Order order(int n, String emailToken) {
        Order order = Fixtures.order(n);
        order.setCustomerEmail(emailToken);
        return order;
    }

    /**
     * Publishes through the SDK (to the ingress topic, one partition) and copies the new records to the public topic,
     * as governance would write them.
     */
    private static void publish(MeshCluster cluster, String domain, List<Order> orders) throws Exception {
        MeshConfig config = MeshConfig.builder().properties(cluster.settingsProperties()).topicPartitions(1).build();
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, Fixtures.orders(domain).build(), Order.class)) {
            for (Order o : orders) {
                publisher.publishAndWait(o.getOrderId().toString(), o);
            }
        }
        ProductId product = new ProductId(domain, "orders");
        String publicTopic = product.major(1).publicTopic();
        cluster.createTopic(publicTopic, 1);
        List<ConsumerRecord<byte[], byte[]>> all = readRaw(cluster, product.ingressTopic());
        int present = readRaw(cluster, publicTopic).size();
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
            for (ConsumerRecord<byte[], byte[]> r : all.subList(present, all.size())) {
                producer.send(new ProducerRecord<>(publicTopic, null, r.key(), r.value(), r.headers())).get();
            }
        }
    }

    private static List<MeshRecord<Order>> read(MeshConsumer<Order> consumer, int n) {
        List<MeshRecord<Order>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            records.addAll(consumer.poll(Duration.ofMillis(300)));
            return records.size() >= n;
        });
        return records;
    }

    private static void writeKey(MeshCluster cluster, LocalKeystore keystore, String subjectHash, DataKey key)
            throws Exception {
        SubjectKey record = SubjectKey.newBuilder().setKind("customer").setKeyId(key.keyId())
                .setVersion(key.version()).setKekId(keystore.currentKekId())
                .setWrappedKey(ByteBuffer.wrap(keystore.wrap(key.secret()))).setCreatedAt(Instant.now())
                .setCreatedBy("key-access-it").build();
        try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
            producer.send(new ProducerRecord<>(MeshTopics.KEYS, new KeyTopicKey(subjectHash, key.keyId()).toString()
                    .getBytes(StandardCharsets.UTF_8), KEYS.encode(record))).get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(MeshCluster cluster) {
        return new KafkaProducer<>(cluster.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(MeshCluster cluster, String topic) {
        Properties props = cluster.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
