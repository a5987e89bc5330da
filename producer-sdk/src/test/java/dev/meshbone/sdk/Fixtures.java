package dev.meshbone.sdk;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.RuleAction;
import dev.meshbone.examples.sales.LineItem;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.examples.sales.PostalAddress;
import dev.meshbone.examples.sales.SalesChannel;
import dev.meshbone.schemas.PiiCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Products and records the tests share. */
final class Fixtures {

    private Fixtures() {
    }

    /** A valid sales orders product under a domain of the caller's choosing (tests isolate by domain). */
    static DataProduct.Builder orders(String domain) {
        return DataProduct.builder(domain, "orders")
                .title("Web shop orders")
                .description("Every confirmed order of the web shop.")
                .owner("sales-platform", "sales-platform@example.com")
                .tags("orders", "revenue")
                .schema(Order.getClassSchema())
                .protect(PiiCategory.EMAIL, PiiProtection.HASH)
                .protect(PiiCategory.ADDRESS, PiiProtection.MASK)
                .qualityRule("positive-total", "record.total >= 0.0", RuleAction.QUARANTINE)
                .maxInterval(Duration.ofMinutes(15))
                .maxViolationRate(0.01);
    }

    static Order order(int n) {
        return Order.newBuilder()
                .setOrderId(String.format("ORD-2026-%06d", n))
                .setCustomerId("C-" + (1000 + n % 97))
                .setCustomerEmail("customer" + (n % 97) + "@example.com")
                .setItems(List.of(new LineItem("SKU-" + (n % 13), "Trail shoe", 1 + n % 3, 89.90)))
                .setTotal(89.90 * (1 + n % 3))
                .setCurrency("EUR")
                .setShippingAddress(new PostalAddress(n + " Main Street", "Lyon", "69001", "FR"))
                .setChannel(SalesChannel.WEB)
                .setOrderedAt(Instant.ofEpochMilli(1_760_000_000_000L + n))
                .build();
    }
}
