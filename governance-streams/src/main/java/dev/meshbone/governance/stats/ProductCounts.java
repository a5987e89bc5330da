package dev.meshbone.governance.stats;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.RuleAction;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The running counts of one product in one window, as one stream task counts them: mutable, and owned by that
 * task's thread. Kept as {@link ProductStats} in the task's store and reported as one.
 */
final class ProductCounts {

    private static final long NONE = Long.MIN_VALUE;

    private final String productId;
    private final long windowStart;
    private final String storeKey;
    private long accepted;
    private long quarantined;
    private long warned;
    private Map<String, Long> quarantinedByCode;
    private long lastEvent = NONE;
    private long lastAccepted = NONE;
    private boolean unreported;

    ProductCounts(String productId, long windowStart) {
        this.productId = productId;
        this.windowStart = windowStart;
        this.storeKey = storeKey(productId, windowStart);
    }

    /** The store key: sorts by product, then window. */
    static String storeKey(String productId, long windowStart) {
        return productId + '@' + String.format("%019d", Math.max(0, windowStart));
    }

    /** Counts as a stored report holds them, to be reported again (a report replaces the one before). */
    static ProductCounts of(ProductStats stored) {
        ProductCounts counts = new ProductCounts(stored.getProductId(), stored.getWindowStart().toEpochMilli());
        counts.accepted = stored.getAccepted();
        counts.quarantined = stored.getQuarantined();
        counts.warned = stored.getWarned();
        if (!stored.getQuarantinedByCode().isEmpty()) {
            counts.quarantinedByCode = new HashMap<>(stored.getQuarantinedByCode());
        }
        counts.lastEvent = millis(stored.getLastEventTime());
        counts.lastAccepted = millis(stored.getLastAcceptedTime());
        counts.unreported = true;
        return counts;
    }

    String productId() {
        return productId;
    }

    long windowStart() {
        return windowStart;
    }

    String storeKey() {
        return storeKey;
    }

    boolean unreported() {
        return unreported;
    }

    void reported() {
        unreported = false;
    }

    /** A record that went public; its timestamp is the product's last event and last accepted time. */
    void accepted(long timestamp) {
        accepted++;
        lastEvent = Math.max(lastEvent, timestamp);
        lastAccepted = Math.max(lastAccepted, timestamp);
        unreported = true;
    }

    /** A violation event: a WARN rule's is a warned (and accepted) record, any other a quarantined one. */
    void violation(GovernanceViolation violation) {
        if (violation.getAction() == RuleAction.WARN) {
            warned++;
        } else {
            quarantined++;
            if (quarantinedByCode == null) {
                quarantinedByCode = new HashMap<>();
            }
            quarantinedByCode.merge(violation.getCode().name(), 1L, Long::sum);
        }
        if (violation.getRecordTimestamp() != null) {
            lastEvent = Math.max(lastEvent, violation.getRecordTimestamp().toEpochMilli());
        }
        unreported = true;
    }

    /**
     * The counts as a report of {@code part}. The map is shared, not copied: the report is serialized (or
     * forwarded and serialized) before these counts change again.
     */
    ProductStats toStats(Duration window, String part) {
        return new ProductStats(productId, Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowStart + window.toMillis()), accepted, quarantined, warned,
                quarantinedByCode == null ? Map.of() : quarantinedByCode, instant(lastEvent), instant(lastAccepted),
                part);
    }

    private static long millis(Instant at) {
        return at == null ? NONE : at.toEpochMilli();
    }

    private static Instant instant(long millis) {
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }
}
