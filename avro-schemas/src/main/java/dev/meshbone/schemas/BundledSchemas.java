package dev.meshbone.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/** The example domain schemas shipped in this jar, for demos, tests and documentation. */
public final class BundledSchemas {

    /** {@code sales.orders}: an order with the customer's e-mail and shipping address tagged. */
    public static final String SALES_ORDERS = "examples/sales-orders.avsc";
    /** {@code customers.profiles}: name, e-mail, phone, postal address and date of birth tagged. */
    public static final String CUSTOMERS_PROFILES = "examples/customers-profiles.avsc";
    /** {@code logistics.shipments}: recipient name and phone tagged. */
    public static final String LOGISTICS_SHIPMENTS = "examples/logistics-shipments.avsc";

    private BundledSchemas() {
    }

    /** Parses a bundled schema by its path under {@code schemas/}, e.g. {@link #SALES_ORDERS}. */
    public static Schema load(String name) {
        String resource = "/schemas/" + name;
        try (InputStream in = BundledSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled schema " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
