package dev.meshbone.testkit.samples;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.ProductStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A product with several majors in several states, and the major that is current: the one the catalog describes
 * and {@code mesh products} points new consumers to.
 *
 * @param name    what the case is about
 * @param majors  the status of major 1, 2, ...
 * @param current the current major
 */
public record MajorsCase(String name, List<ProductStatus> majors, int current) {

    public static List<MajorsCase> all() {
        return List.of(
                new MajorsCase("newest major retired", List.of(ProductStatus.ACTIVE, ProductStatus.RETIRED), 1),
                new MajorsCase("newest major active", List.of(ProductStatus.DEPRECATED, ProductStatus.ACTIVE), 2),
                new MajorsCase("middle major deprecated",
                        List.of(ProductStatus.RETIRED, ProductStatus.DEPRECATED, ProductStatus.RETIRED), 2),
                new MajorsCase("every major retired", List.of(ProductStatus.RETIRED, ProductStatus.RETIRED), 2));
    }

    /** The descriptors of {@code <domain>.orders}, one per major, as the SDK announces them. */
    public List<DataProductDescriptor> descriptors(String domain) {
        List<DataProductDescriptor> out = new ArrayList<>();
        for (int major = 1; major <= majors.size(); major++) {
            out.add(Samples.orders(domain).majorVersion(major).status(majors.get(major - 1)).build()
                    .toDescriptor("1", 100 + major, Samples.ANNOUNCED_AT, "samples"));
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
