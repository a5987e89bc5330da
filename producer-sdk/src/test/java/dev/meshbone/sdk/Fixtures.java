package dev.meshbone.sdk;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.testkit.samples.Samples;

/** Products and records the tests share. */
final class Fixtures {

    private Fixtures() {
    }

    /** A valid sales orders product under a domain of the caller's choosing (tests isolate by domain). */
    static DataProduct.Builder orders(String domain) {
        return Samples.orders(domain);
    }

    static Order order(int n) {
        return Samples.order(n);
    }
}
