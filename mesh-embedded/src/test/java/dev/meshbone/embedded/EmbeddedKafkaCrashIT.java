package dev.meshbone.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker in a child JVM: SIGKILLed, it is gone at once; started again on its log, it has every acknowledged record. */
class EmbeddedKafkaCrashIT {

    private static final String TOPIC = "crash-check";
    private static final String CLEAN_SHUTDOWN = CleanShutdownFileHandler.CLEAN_SHUTDOWN_FILE_NAME;

    @Test
    void shouldKeepEveryAcknowledgedRecordAndItsLoginsThroughASigkill(@TempDir Path dataDir) throws Exception {
        // Given: a secure broker in a child JVM, 1 000 records acknowledged (acks=all), 500 of them in a transaction
        BrokerSecurity security = new BrokerSecurity("broker-secret", "controller-secret",
                new MeshPrincipal("admin", "admin-secret", PrincipalKind.ADMIN));
        EmbeddedKafka kafka = EmbeddedKafka.startInChildJvm(0, dataDir, security);
        try {
            int port = kafka.port();
            try (Admin admin = Admin.create(kafka.adminProperties())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            send(kafka, 0, 500, false);
            send(kafka, 500, 1_000, true);
            assertThat(dataDir.resolve("child-server.properties")).as("the settings with the passwords")
                    .doesNotExist();

            // When
            kafka.kill();

            // Then: no clean shutdown, and nobody answers
            assertThat(dataDir.resolve(CLEAN_SHUTDOWN)).doesNotExist();
            Properties quick = kafka.adminProperties();
            quick.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
            quick.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
            try (Admin admin = Admin.create(quick)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }

            // When
            kafka = kafka.startAgain();

            // Then: the same port, the admin's login, every record once, the transaction's committed (before the
            // dead incarnation was fenced first, its COMMIT marker was dropped in about half the runs)
            assertThat(kafka.port()).isEqualTo(port);
            assertThat(readCommitted(kafka)).hasSize(1_000).doesNotHaveDuplicates();
        } finally {
            kafka.close();
        }
        assertThat(dataDir.resolve(CLEAN_SHUTDOWN)).as("close() is a clean shutdown").exists();
    }

    @Test
    void shouldRefuseToKillABrokerInThisJvm() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            assertThatThrownBy(kafka::kill).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("startInChildJvm");
        }
    }

    private static void send(EmbeddedKafka kafka, int from, int to, boolean transactional) throws Exception {
        Properties props = kafka.adminProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        if (transactional) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crash-check-tx");
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            if (transactional) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i));
            }
            if (transactional) {
                producer.commitTransaction();
            } else {
                producer.flush();
            }
        }
    }

    private static List<String> readCommitted(EmbeddedKafka kafka) {
        Properties props = kafka.adminProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (keys.size() < 1_000 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }
}
