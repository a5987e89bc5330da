package dev.meshbone.governance.contract;

import dev.meshbone.events.DataProductDescriptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Compiled contracts by product id: the compiled half of the global {@link ContractStore}, which keeps it in step
 * with {@code mesh.products}; every stream thread reads it through that store. A descriptor is compiled once when it
 * is announced (or restored), never per record.
 */
public final class ContractIndex {

    private final Map<String, ProductContracts> products = new ConcurrentHashMap<>();
    private final Consumer<DataProductDescriptor> onAnnounced;

    /** @param onAnnounced called for each descriptor put into the index (the app creates public topics there) */
    public ContractIndex(Consumer<DataProductDescriptor> onAnnounced) {
        this.onAnnounced = onAnnounced;
    }

    public ContractIndex() {
        this(d -> { });
    }

    /** The product's contracts, if any was announced. */
    public Optional<ProductContracts> product(String productId) {
        return Optional.ofNullable(products.get(productId));
    }

    /** Adds or replaces one major version's contract; skips recompiling an unchanged one. */
    public void put(DataProductDescriptor descriptor) {
        products.compute(descriptor.getId(), (id, current) -> {
            Map<Integer, CompiledContract> majors = current == null ? new HashMap<>() : new HashMap<>(current.byMajor());
            CompiledContract existing = majors.get(descriptor.getMajorVersion());
            if (existing == null || !existing.descriptor().equals(descriptor)) {
                majors.put(descriptor.getMajorVersion(), CompiledContract.compile(descriptor));
            }
            return new ProductContracts(id, majors);
        });
        onAnnounced.accept(descriptor);
    }

    /** Removes one major version (a tombstone on mesh.products). */
    public void remove(String productId, int majorVersion) {
        products.computeIfPresent(productId, (id, current) -> {
            Map<Integer, CompiledContract> majors = new HashMap<>(current.byMajor());
            majors.remove(majorVersion);
            return majors.isEmpty() ? null : new ProductContracts(id, majors);
        });
    }

    /** How many products have a contract. */
    public int size() {
        return products.size();
    }
}
