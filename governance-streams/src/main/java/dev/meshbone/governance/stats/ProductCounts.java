package dev.meshbone.governance.stats;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.RuleAction;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builds one-record deltas and adds them into window aggregates; both are {@link ProductStats} values. */
public final class ProductCounts {

    private ProductCounts() {
    }

    /** An empty aggregate; the window bounds are set when it is emitted. */
    public static ProductStats empty() {
        return delta("", 0, 0, 0, Map.of(), null, null);
    }

    public static ProductStats accepted(String productId, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        return delta(productId, 1, 0, 0, Map.of(), at, at);
    }

    public static ProductStats of(GovernanceViolation violation) {
        boolean warned = violation.getAction() == RuleAction.WARN;
        return delta(violation.getProductId(), 0, warned ? 0 : 1, warned ? 1 : 0,
                warned ? Map.of() : Map.of(violation.getCode().name(), 1L), violation.getRecordTimestamp(), null);
    }

    // The all-fields constructor: Avro's builders deep-copy, which showed up in the per-record profile.
    private static ProductStats delta(String productId, long accepted, long quarantined, long warned,
                                      Map<String, Long> byCode, Instant lastEvent, Instant lastAccepted) {
        return new ProductStats(productId, Instant.EPOCH, Instant.EPOCH, accepted, quarantined, warned, byCode,
                lastEvent, lastAccepted);
    }

    /** Adds one delta into the window's aggregate, in place (Streams hands each aggregate to one thread). */
    public static ProductStats add(String productId, ProductStats delta, ProductStats total) {
        total.setProductId(productId);
        total.setAccepted(total.getAccepted() + delta.getAccepted());
        total.setQuarantined(total.getQuarantined() + delta.getQuarantined());
        total.setWarned(total.getWarned() + delta.getWarned());
        if (!delta.getQuarantinedByCode().isEmpty()) {
            Map<String, Long> byCode = new HashMap<>(total.getQuarantinedByCode());
            delta.getQuarantinedByCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
            total.setQuarantinedByCode(byCode);
        }
        total.setLastEventTime(later(total.getLastEventTime(), delta.getLastEventTime()));
        total.setLastAcceptedTime(later(total.getLastAcceptedTime(), delta.getLastAcceptedTime()));
        return total;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
