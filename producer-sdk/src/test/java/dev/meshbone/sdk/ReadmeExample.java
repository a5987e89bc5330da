package dev.meshbone.sdk;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.RuleAction;
import dev.meshbone.examples.sales.Order;

/** The README's example, compiled here and run by {@code ReadmeExampleIT}; {@code ReadmeTest} keeps them equal. */
final class ReadmeExample {

    private ReadmeExample() {
    }

    // tag::example[]
    static void publishOrder(MeshConfig config, Order order) {
        DataProduct orders = DataProduct.builder("sales", "orders")
                .title("Web shop orders")
                .owner("sales-platform", "sales-platform@example.com")
                .schema(Order.getClassSchema())  // PII tags are in the schema: "pii": "EMAIL"
                .qualityRule("positive-total", "record.total >= 0.0", RuleAction.QUARANTINE)
                .build();
        try (MeshPublisher<Order> publisher = MeshPublisher.open(config, orders, Order.class)) {
            publisher.publish(order.getOrderId(), order);
        }
    }
    // end::example[]
}
