package dev.meshbone.catalog.topology;

import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;

/**
 * One fact about a product, keyed by product id on the projector's repartition topic: the four input topics are
 * merged into this one stream so every fact about a product meets in the same task, whatever the partitioning of
 * the inputs.
 */
public sealed interface CatalogEvent {

    /** A descriptor for one major version was announced, or removed when {@code descriptor} is null. */
    record DescriptorChanged(int majorVersion, DataProductDescriptor descriptor) implements CatalogEvent {
        /** True for a tombstone: the major version is gone. */
        public boolean removed() {
            return descriptor == null;
        }
    }

    /** Governance refused or warned about a record of the product. */
    record ViolationSeen(GovernanceViolation violation) implements CatalogEvent {
    }

    /** A consumer team was granted the product, or its grant revoked when {@code grant} is null. */
    record AccessChanged(String team, AccessGrant grant) implements CatalogEvent {
        /** True for a tombstone: the grant is revoked. */
        public boolean revoked() {
            return grant == null;
        }
    }

    /**
     * A part of governance reported its counts for one window of the product (replaces that part's earlier report
     * of the window).
     */
    record StatsReported(ProductStats stats) implements CatalogEvent {
    }
}
