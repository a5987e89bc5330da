package dev.meshbone.testkit.samples;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.events.RuleAction;
import dev.meshbone.examples.sales.LineItem;
import dev.meshbone.examples.sales.Order;
import dev.meshbone.examples.sales.PostalAddress;
import dev.meshbone.examples.sales.SalesChannel;
import dev.meshbone.schemas.BundledSchemas;
import dev.meshbone.schemas.PiiCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The example domains' products ({@code avro-schemas/src/main/avro/examples}) and records of them. */
public final class Samples {

    /** {@code sales.orders}' schema as its {@code .avsc} declares it (PII tags included). */
    public static final Schema ORDER = BundledSchemas.load(BundledSchemas.SALES_ORDERS);
    /** {@code customers.profiles}' schema. */
    public static final Schema PROFILE = BundledSchemas.load(BundledSchemas.CUSTOMERS_PROFILES);
    /** When sample contracts are announced. */
    public static final Instant ANNOUNCED_AT = Instant.ofEpochMilli(1_700_000_000_000L);

    private Samples() {
    }

    /**
     * {@code <domain>.orders}, major 1: e-mail hashed, address masked, a negative total quarantined, a currency other
     * than EUR or USD warned about. Tests isolate by domain.
     */
    public static DataProduct.Builder orders(String domain) {
        return DataProduct.builder(domain, "orders")
                .title("Web shop orders")
                .description("Every confirmed order of the web shop.")
                .owner("sales-platform", "sales-platform@example.com")
                .tags("orders", "revenue")
                .schema(Order.getClassSchema())
                .protect(PiiCategory.EMAIL, PiiProtection.HASH)
                .protect(PiiCategory.ADDRESS, PiiProtection.MASK)
                .qualityRule(new DataProduct.QualityRule("positive-total", "an order never has a negative total",
                        "record.total >= 0.0", RuleAction.QUARANTINE))
                .qualityRule(new DataProduct.QualityRule("known-currency", "we bill in EUR and USD",
                        "record.currency in ['EUR', 'USD']", RuleAction.WARN))
                .maxInterval(Duration.ofMinutes(1))
                .maxViolationRate(0.05);
    }

    /** The descriptor the SDK announces for {@link #orders}, registry version 1 with the given global id. */
    public static DataProductDescriptor ordersDescriptor(String domain, long globalId) {
        return orders(domain).build().toDescriptor("1", globalId, ANNOUNCED_AT, "samples");
    }

    /** Order number {@code n} as Avro's generated class, every field set. */
    public static Order order(int n) {
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

    /** A generic order of {@link #ORDER} (or a schema derived from it: extra fields stay unset). */
    public static GenericRecord order(String id, double total, String currency, String email) {
        return order(ORDER, id, total, currency, email);
    }

    /** A generic order of {@code schema}, which has at least {@link #ORDER}'s fields. */
    public static GenericRecord order(Schema schema, String id, double total, String currency, String email) {
        GenericRecord item = new GenericData.Record(schema.getField("items").schema().getElementType());
        item.put("sku", "SKU-1042");
        item.put("productName", "Trail running shoe");
        item.put("quantity", 1);
        item.put("unitPrice", total);
        GenericRecord address = new GenericData.Record(schema.getField("shippingAddress").schema());
        address.put("street", "12 Rue de la Republique");
        address.put("city", "Lyon");
        address.put("postalCode", "69002");
        address.put("country", "FR");
        GenericRecord order = new GenericData.Record(schema);
        order.put("orderId", id);
        order.put("customerId", "C-77");
        order.put("customerEmail", email);
        order.put("items", List.of(item));
        order.put("total", total);
        order.put("currency", currency);
        order.put("shippingAddress", address);
        order.put("channel", new GenericData.EnumSymbol(schema.getField("channel").schema(), "WEB"));
        order.put("orderedAt", 1_700_000_000_000L);
        return order;
    }

    /** A generic customer profile of {@link #PROFILE}. */
    public static GenericRecord profile() {
        GenericRecord address = new GenericData.Record(PROFILE.getField("address").schema());
        address.put("street", "1 Main Street");
        address.put("city", "Springfield");
        address.put("postalCode", "12345");
        address.put("country", "US");
        GenericRecord p = new GenericData.Record(PROFILE);
        p.put("customerId", "C-1");
        p.put("fullName", "Jane Doe");
        p.put("email", "jane@example.com");
        p.put("address", address);
        p.put("loyaltyTier", new GenericData.EnumSymbol(PROFILE.getField("loyaltyTier").schema(), "GOLD"));
        p.put("marketingOptIn", false);
        p.put("attributes", Map.of());
        p.put("createdAt", 1L);
        return p;
    }
}
