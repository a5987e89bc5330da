package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meshbone.contract.ContractKey;
import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStatus;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MeshClusterExtension.class)
class ContractAnnouncementIT {

    private static final MeshEventSerde<DataProductDescriptor> SERDE = MeshEventSerde.of(DataProductDescriptor.class);

    private final MeshCluster cluster;
    private final MeshConfig config;

    ContractAnnouncementIT(MeshCluster cluster) {
        this.cluster = cluster;
        this.config = MeshConfig.builder().properties(cluster.settingsProperties()).bootstrapServers(cluster.bootstrapServers())
                .registryUrl(cluster.registryUrl()).clientId("orders-service").build();
    }

    @Test
    void shouldAnnounceTheDescriptorExactlyOncePerChange() {
        // Given
        DataProduct product = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();

        // When
        MeshPublisher.open(config, product, Order.class).close();
        MeshPublisher.open(config, product, Order.class).close();
        DataProduct described = product.toBuilder().description("Now with returns excluded.").build();
        MeshPublisher.open(config, described, Order.class).close();
        MeshPublisher.open(config, described, Order.class).close();

        // Then
        List<DataProductDescriptor> announced = descriptors(product.contractKey(), 2);
        assertThat(announced).extracting(DataProductDescriptor::getDescription)
                .containsExactly("Every confirmed order of the web shop.", "Now with returns excluded.");
        assertThat(announced.get(0).getUpdatedBy()).isEqualTo("orders-service");
        assertThat(announced.get(0).getFingerprint()).isNotEqualTo(announced.get(1).getFingerprint());
        assertThat(announced).allSatisfy(d -> {
            assertThat(d.getId()).isEqualTo(product.productId());
            assertThat(d.getSchemaRef().getGlobalId()).isNotNull();
            assertThat(d.getStatus()).isEqualTo(ProductStatus.ACTIVE);
        });
    }

    @Test
    void shouldUpdateTheStatusWhenAProductIsDeprecatedAndRetired() {
        // Given
        DataProduct product = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();

        // When
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, product, Order.class)) {
            publisher.publishAndWait("ORD-1", Fixtures.order(1));
            publisher.deprecate();
            publisher.publishAndWait("ORD-2", Fixtures.order(2));
            publisher.retire();

            // Then
            assertThat(publisher.product().status()).isEqualTo(ProductStatus.RETIRED);
            assertThatThrownBy(() -> publisher.publish("ORD-3", Fixtures.order(3)))
                    .isInstanceOf(MeshException.class).hasMessageContaining("is RETIRED");
        }
        assertThat(descriptors(product.contractKey(), 3)).extracting(DataProductDescriptor::getStatus)
                .containsExactly(ProductStatus.ACTIVE, ProductStatus.DEPRECATED, ProductStatus.RETIRED);
    }

    @Test
    void shouldKeepARetiredProductRetiredWhenAServiceRestarts() {
        // Given
        DataProduct product = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, product, Order.class)) {
            publisher.retire();
        }

        // When
        try (MeshPublisher<Order> restarted = MeshPublisher.open(config, product, Order.class)) {

            // Then
            assertThat(restarted.product().status()).isEqualTo(ProductStatus.RETIRED);
            assertThatThrownBy(() -> restarted.publish("ORD-1", Fixtures.order(1))).isInstanceOf(MeshException.class);
        }
        assertThat(descriptors(product.contractKey(), 2)).extracting(DataProductDescriptor::getStatus)
                .containsExactly(ProductStatus.ACTIVE, ProductStatus.RETIRED);
    }

    @Test
    void shouldRunANewMajorVersionBesideTheOldOne() {
        // Given
        DataProduct v1 = Fixtures.orders(MeshClusterExtension.uniqueName("sales")).build();
        DataProduct v2 = v1.toBuilder().majorVersion(2).build();

        // When
        List<MeshRecord<Order>> received = new ArrayList<>();
        try (MeshPublisher<Order> old = MeshPublisher.open(config, v1, Order.class);
             MeshPublisher<Order> next = MeshPublisher.open(config, v2, Order.class)) {
            old.publishAndWait("ORD-1", Fixtures.order(1));
            next.publishAndWait("ORD-2", Fixtures.order(2));

            // Then
            assertThat(next.globalId()).isNotEqualTo(old.globalId());
            assertThat(next.descriptor().getPublicTopic()).isEqualTo(v1.productId() + ".v2");
            assertThat(next.descriptor().getSchemaRef().getArtifactId()).isEqualTo("orders.v2");
        }
        try (MeshConsumer<Order> consumer = MeshConsumer.builder(config, v1.productId(), Order.class).fromIngress()
                .groupId(MeshClusterExtension.uniqueName("both")).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                received.addAll(consumer.poll(Duration.ofMillis(300)));
                return received.size() >= 2;
            });
        }
        assertThat(received).extracting(MeshRecord::key, MeshRecord::majorVersion)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ORD-1", 1),
                        org.assertj.core.groups.Tuple.tuple("ORD-2", 2));
        assertThat(descriptors(v1.contractKey(), 1)).singleElement()
                .satisfies(d -> assertThat(d.getStatus()).isEqualTo(ProductStatus.ACTIVE));
        assertThat(descriptors(v2.contractKey(), 1)).singleElement()
                .satisfies(d -> assertThat(d.getMajorVersion()).isEqualTo(2));
    }

    /**
     * Every descriptor announced under the key on its domain's contract topic, in order; waits for the expected
     * count, then for stragglers. (No governance runs here, so nothing is put in force on mesh.products.)
     */
    private List<DataProductDescriptor> descriptors(String contractKey, int expected) {
        List<DataProductDescriptor> out = new ArrayList<>();
        TopicPartition partition = new TopicPartition(MeshTopics.CONTRACTS_PREFIX
                + ContractKey.tryParse(contractKey).orElseThrow().product().domain(), 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cluster.clientProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (contractKey.equals(r.key())) {
                        out.add(SERDE.decode(r.value()));
                    }
                }
                return consumer.position(partition) >= end;
            });
        }
        assertThat(out).as("descriptors under " + contractKey).hasSize(expected);
        return out;
    }
}
