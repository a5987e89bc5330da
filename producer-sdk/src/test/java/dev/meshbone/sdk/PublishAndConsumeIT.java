package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.schemas.MeshHeaders;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import dev.meshbone.testkit.samples.Samples;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MeshClusterExtension.class)
class PublishAndConsumeIT {

    private final MeshConfig config;

    PublishAndConsumeIT(MeshCluster cluster) {
        this.config = MeshConfig.builder().properties(cluster.settingsProperties()).bootstrapServers(cluster.bootstrapServers())
                .registryUrl(cluster.registryApiUrl()).clientId("orders-service").build();
    }

    @Test
    void shouldPublishTenThousandRecordsFromFourThreadsAndReadThemBackWithHeaders() throws Exception {
        // Given
        String domain = MeshClusterExtension.uniqueName("sales");
        DataProduct product = Fixtures.orders(domain).build();
        int count = 10_000;
        int threads = 4;
        Instant eventTime = Instant.parse("2026-03-01T10:15:30Z");

        // When
        List<CompletableFuture<RecordMetadata>> sent = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, product, Order.class)) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                tasks.add(pool.submit(() -> {
                    List<CompletableFuture<RecordMetadata>> mine = new ArrayList<>();
                    for (int i = first; i < count; i += threads) { // one publisher shared by every thread
                        Order order = Fixtures.order(i);
                        mine.add(i % 2 == 0 ? publisher.publish(order.getOrderId(), order)
                                : publisher.publish(order.getOrderId(), order, eventTime, "trace-" + i));
                    }
                    sent.addAll(mine);
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdown();
        }
        List<MeshRecord<Order>> received = new ArrayList<>();
        try (MeshConsumer<Order> consumer = MeshConsumer.builder(config, product.productId(), Order.class)
                .fromIngress().groupId(MeshClusterExtension.uniqueName("readers")).build()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                received.addAll(consumer.poll(Duration.ofMillis(500)));
                return received.size() >= count;
            });
        }

        // Then
        assertThat(sent).hasSize(count).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(received).hasSize(count);
        assertThat(received).extracting(MeshRecord::key).doesNotHaveDuplicates();
        MeshRecord<Order> first = received.stream().filter(r -> r.key().equals("ORD-2026-000000")).findFirst()
                .orElseThrow();
        assertThat(first.value()).isEqualTo(Fixtures.order(0));
        assertThat(received).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("mesh.ingress." + domain + ".orders");
            assertThat(r.productId()).isEqualTo(domain + ".orders");
            assertThat(r.majorVersion()).isEqualTo(1);
            assertThat(r.schemaVersion()).isEqualTo("1");
            assertThat(r.producerId()).isEqualTo("orders-service");
            assertThat(r.eventTime()).isNotNull();
            assertThat(r.value().getOrderId()).isEqualTo(r.key());
        });
        MeshRecord<Order> traced = received.stream().filter(r -> r.key().equals("ORD-2026-000001")).findFirst()
                .orElseThrow();
        assertThat(traced.traceId()).isEqualTo("trace-1");
        assertThat(traced.eventTime()).isEqualTo(eventTime);
        assertThat(traced.headers()).containsKeys(MeshHeaders.PRODUCT_ID, MeshHeaders.MAJOR_VERSION,
                MeshHeaders.SCHEMA_VERSION, MeshHeaders.EVENT_TIME, MeshHeaders.PRODUCER_ID, MeshHeaders.TRACE_ID);
        assertThat(first.traceId()).isNull();
    }

    @Test
    void shouldFramePayloadWithTheRegisteredGlobalId(MeshCluster cluster) {
        // Given
        DataProduct product = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();
        long globalId;
        RecordMetadata metadata;

        // When
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, product, Order.class)) {
            globalId = publisher.globalId();
            metadata = publisher.publishAndWait("ORD-1", Fixtures.order(1));
        }

        // Then
        byte[] value = readRaw(cluster, new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset());
        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo((int) globalId);
    }

    @Test
    void shouldPublishGenericRecordsAndRefuseInvalidOnesBeforeSending() {
        // Given
        DataProduct product = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();
        GenericRecord valid = genericOrder(product, "ORD-G-1");
        GenericRecord missingEmail = genericOrder(product, "ORD-G-2");
        missingEmail.put("customerEmail", null);

        // When
        List<MeshRecord<GenericRecord>> received = new ArrayList<>();
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(config, product, GenericRecord.class)) {
            assertThatThrownBy(() -> publisher.publish("ORD-G-2", missingEmail))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("field 'customerEmail' is null")
                    .hasMessageContaining("Nothing was sent");
            publisher.publishAndWait("ORD-G-1", valid);
        }
        try (MeshConsumer<GenericRecord> consumer = MeshConsumer.builder(config, product.productId(),
                GenericRecord.class).fromIngress().groupId(MeshClusterExtension.uniqueName("g")).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                received.addAll(consumer.poll(Duration.ofMillis(300)));
                return !received.isEmpty();
            });
            received.addAll(consumer.poll(Duration.ofMillis(500)));
        }

        // Then
        assertThat(received).extracting(MeshRecord::key).containsExactly("ORD-G-1");
        assertThat(received.get(0).value().get("customerEmail").toString()).isEqualTo("jane@example.com");
    }

    @Test
    void shouldPublishAGenericRecordWithAnInstantAndBigDecimalsAndReadThemBackEqual() {
        // Given
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "Payment", "namespace": "dev.meshbone.it", "fields": [
                  {"name": "paymentId", "type": "string"},
                  {"name": "paidAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}},
                  {"name": "fee", "type": ["null", {"type": "fixed", "name": "Fee", "size": 6,
                    "logicalType": "decimal", "precision": 14, "scale": 4}]}
                ]}""");
        DataProduct product = DataProduct.builder(MeshClusterExtension.uniqueName("billing"), "payments")
                .title("Card payments").description("Every captured card payment.")
                .owner("billing", "billing@example.com").schema(schema).build();
        Instant paidAt = Instant.parse("2026-03-01T10:15:30.123Z");
        GenericRecord payment = new GenericData.Record(product.schema());
        payment.put("paymentId", "PAY-1");
        payment.put("paidAt", paidAt);
        payment.put("amount", new BigDecimal("1234.50"));
        payment.put("fee", new BigDecimal("-0.0125"));
        GenericRecord unrounded = new GenericData.Record(product.schema());
        unrounded.put("paymentId", "PAY-2");
        unrounded.put("paidAt", paidAt);
        unrounded.put("amount", new BigDecimal("0.125"));

        // When
        List<MeshRecord<GenericRecord>> received = new ArrayList<>();
        try (MeshPublisher<GenericRecord> publisher = MeshPublisher.open(config, product, GenericRecord.class)) {
            assertThatThrownBy(() -> publisher.publish("PAY-2", unrounded))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("field 'amount' (decimal(12,2)) holds a java.math.BigDecimal that needs "
                            + "rounding to the schema's scale 2")
                    .hasMessageContaining("Nothing was sent")
                    .extracting(e -> ((InvalidRecordException) e).field()).isEqualTo("amount");
            publisher.publishAndWait("PAY-1", payment);
        }
        try (MeshConsumer<GenericRecord> consumer = MeshConsumer.builder(config, product.productId(),
                GenericRecord.class).fromIngress().groupId(MeshClusterExtension.uniqueName("p")).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                received.addAll(consumer.poll(Duration.ofMillis(300)));
                return !received.isEmpty();
            });
            received.addAll(consumer.poll(Duration.ofMillis(500)));
        }

        // Then: the consumer reads the raw representation; Avro's conversions turn it back into what was published
        assertThat(received).extracting(MeshRecord::key).containsExactly("PAY-1");
        GenericRecord read = received.get(0).value();
        Schema amount = product.schema().getField("amount").schema();
        Schema fee = product.schema().getField("fee").schema().getTypes().get(1);
        Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
        assertThat(new TimeConversions.TimestampMillisConversion().fromLong((Long) read.get("paidAt"),
                null, null)).isEqualTo(paidAt);
        assertThat(decimals.fromBytes((ByteBuffer) read.get("amount"), amount, amount.getLogicalType()))
                .isEqualTo(new BigDecimal("1234.50"));
        assertThat(decimals.fromFixed((GenericFixed) read.get("fee"), fee, fee.getLogicalType()))
                .isEqualTo(new BigDecimal("-0.0125"));
    }

    @Test
    void shouldRefuseAGeneratedRecordWithANullRequiredFieldBeforeSending() {
        // Given
        DataProduct product = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();
        Order order = Fixtures.order(1);
        order.setCustomerEmail(null);

        // When / Then
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, product, Order.class)) {
            assertThatThrownBy(() -> publisher.publish(order.getOrderId(), order))
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessage("Not published to " + product.productId() + " v1: field 'customerEmail' is null, but "
                            + "the schema requires string (it is not nullable). Nothing was sent.");
        }
    }

    private static GenericRecord genericOrder(DataProduct product, String id) {
        return Samples.order(product.schema(), id, 10.0, "EUR", "jane@example.com");
    }

    private static byte[] readRaw(MeshCluster cluster, TopicPartition partition, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cluster.clientProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            return records.get(0).value();
        }
    }
}
