package dev.meshbone.contract;

import dev.meshbone.events.ProductStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** Where a product is in its life, across its major versions. */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * The current major of a product: the highest that is not retired, else (every major retired) the highest. It is
     * the one the catalog describes and the topic new consumers are pointed to.
     *
     * @param majors  the product's majors, in any order
     * @param major   a major's version number
     * @param status  a major's status
     */
    public static <T> Optional<T> current(Collection<T> majors, ToIntFunction<T> major,
                                          Function<T, ProductStatus> status) {
        Comparator<T> byMajor = Comparator.comparingInt(major);
        return majors.stream().filter(m -> status.apply(m) != ProductStatus.RETIRED).max(byMajor)
                .or(() -> majors.stream().max(byMajor));
    }

    /** The product's status: the best of its majors' (ACTIVE over DEPRECATED over RETIRED). */
    public static ProductStatus productStatus(Collection<ProductStatus> majors) {
        return majors.stream().min(Comparator.naturalOrder()).orElse(ProductStatus.ACTIVE);
    }

    /**
     * The status a major has after a new announcement: status only moves forward (ACTIVE, DEPRECATED, RETIRED), so a
     * restarted service that declares ACTIVE does not undo a retirement.
     */
    public static ProductStatus next(ProductStatus current, ProductStatus announced) {
        return announced.compareTo(current) >= 0 ? announced : current;
    }
}
