package dev.meshbone.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.examples.sales.LineItem;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.examples.sales.PostalAddress;
import dev.meshbone.examples.sales.SalesChannel;
import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The foundation's proof: Avro through the Apicurio serdes, a real broker and a real registry. */
@ExtendWith(MeshClusterExtension.class)
class AvroChainIT {

    private static Order order(String id) {
        return Order.newBuilder()
                .setOrderId(id).setCustomerId("C-1001").setCustomerEmail("jane.doe@example.com")
                .setItems(List.of(new LineItem("SKU-42", "Trail shoe", 1, 89.90)))
                .setTotal(89.90).setCurrency("EUR")
                .setShippingAddress(new PostalAddress("1 Main Street", "Lyon", "69001", "FR"))
                .setChannel(SalesChannel.WEB)
                .setOrderedAt(Instant.ofEpochMilli(1_760_000_000_000L))
                .build();
    }

    @Test
    void shouldRoundTripAvroRecordThroughBrokerAndRegistry(MeshCluster cluster) throws Exception {
        // Given
        String topic = MeshClusterExtension.uniqueName("orders");
        cluster.createTopic(topic, 1);
        Map<String, Object> serde = new java.util.HashMap<>(Map.of(
                SerdeConfig.REGISTRY_URL, cluster.registryApiUrl(),
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                SerdeConfig.USE_ID, "globalId"));
        cluster.admin().ifPresent(admin -> {
            serde.put(SchemaResolverConfig.AUTH_USERNAME, admin.name());
            serde.put(SchemaResolverConfig.AUTH_PASSWORD, admin.password());
        });
        Order sent = order("ORD-1");

        // When
        Properties producerProps = cluster.clientProperties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, Order> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                serializer(serde))) {
            producer.send(new ProducerRecord<>(topic, sent.getOrderId(), sent)).get();
        }
        List<ConsumerRecord<String, Order>> received = new ArrayList<>();
        Properties consumerProps = cluster.clientProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, MeshClusterExtension.uniqueName("chain"));
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, Order> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                deserializer(serde))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }

        // Then
        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo("ORD-1");
        assertThat(received.get(0).value()).isEqualTo(sent);

        // The serializer registered the schema under the default strategy's artifact: <topic>-value.
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                cluster.registryApiUrl() + "/groups/default/artifacts/" + topic + "-value/versions/1/content"));
        cluster.registryHeaders().forEach(request::header);
        HttpResponse<String> artifact = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(artifact.statusCode()).isEqualTo(200);
        assertThat(artifact.body()).contains("\"customerEmail\"").contains("\"pii\"");
    }

    @SuppressWarnings("unchecked")
    private static AvroKafkaSerializer<Order> serializer(Map<String, Object> config) {
        AvroKafkaSerializer<Order> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private static AvroKafkaDeserializer<Order> deserializer(Map<String, Object> config) {
        AvroKafkaDeserializer<Order> deserializer = new AvroKafkaDeserializer<>();
        Map<String, Object> withReader = new java.util.HashMap<>(config);
        withReader.put("apicurio.registry.use-specific-avro-reader", true);
        deserializer.configure(withReader, false);
        return deserializer;
    }
}
