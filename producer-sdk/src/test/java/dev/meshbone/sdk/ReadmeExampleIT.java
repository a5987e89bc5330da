package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meshbone.examples.sales.Order;
import dev.meshbone.testkit.MeshCluster;
import dev.meshbone.testkit.MeshClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MeshClusterExtension.class)
class ReadmeExampleIT {

    @Test
    void shouldPublishAnOrderWithTheReadmeExample(MeshCluster cluster) {
        // Given
        MeshConfig config = MeshConfig.builder().properties(cluster.settingsProperties()).bootstrapServers(cluster.bootstrapServers())
                .registryUrl(cluster.registryUrl()).clientId("readme").build();
        Order order = Fixtures.order(7);

        // When
        ReadmeExample.publishOrder(config, order);

        // Then
        List<MeshRecord<Order>> received = new ArrayList<>();
        try (MeshConsumer<Order> consumer = MeshConsumer.builder(config, "sales.orders", Order.class).fromIngress()
                .groupId(MeshClusterExtension.uniqueName("readme")).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).stream()
                        .filter(r -> r.key().equals(order.getOrderId())).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received.get(0).value()).isEqualTo(order);
        assertThat(received.get(0).productId()).isEqualTo("sales.orders");
        assertThat(received.get(0).producerId()).isEqualTo("readme");
    }
}
