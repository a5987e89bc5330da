package dev.meshbone.catalog.topology;

import dev.meshbone.events.CatalogEntry;

/**
 * Told of every catalog change this instance reads from {@code mesh.catalog} (all products, on every instance),
 * after its global store has it. Called on the Streams global thread: hand work off, never block or throw.
 * Restoration at startup fills the store without calling it.
 */
@FunctionalInterface
public interface CatalogChangeListener {

    /** Listens to nothing. */
    CatalogChangeListener NONE = (productId, entry) -> { };

    /**
     * @param productId the product
     * @param entry     its new entry, or null when it left the catalog
     */
    void onChange(String productId, CatalogEntry entry);
}
