package dev.meshbone.catalog.api;

import dev.meshbone.events.CatalogEntry;
import java.util.List;
import java.util.Optional;

/** Read access to the whole catalog on this instance. */
public interface CatalogView {

    /** The entry of one product. */
    Optional<CatalogEntry> get(String productId);

    /** Every entry, ordered by product id. */
    List<CatalogEntry> all();

    /** About how many products the catalog holds; cheap. */
    long size();

    /** Thrown while the catalog cannot be read yet (starting, rebalancing); the API answers 503. */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
