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
        return ProductStats.newBuilder().setProductId("").setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH)
                .build();
    }

    public static ProductStats accepted(String productId, long timestamp) {
        return ProductStats.newBuilder(empty()).setProductId(productId).setAccepted(1)
                .setLastEventTime(Instant.ofEpochMilli(timestamp)).setLastAcceptedTime(Instant.ofEpochMilli(timestamp))
                .build();
    }

    public static ProductStats of(GovernanceViolation violation) {
        ProductStats.Builder delta = ProductStats.newBuilder(empty()).setProductId(violation.getProductId())
                .setLastEventTime(violation.getRecordTimestamp());
        if (violation.getAction() == RuleAction.WARN) {
            delta.setWarned(1);
        } else {
            delta.setQuarantined(1).setQuarantinedByCode(Map.of(violation.getCode().name(), 1L));
        }
        return delta.build();
    }

    /** The aggregate plus one delta. */
    public static ProductStats add(String productId, ProductStats delta, ProductStats total) {
        Map<String, Long> byCode = new HashMap<>(total.getQuarantinedByCode());
        delta.getQuarantinedByCode().forEach((code, n) -> byCode.merge(code, n, Long::sum));
        return ProductStats.newBuilder(total)
                .setProductId(productId)
                .setAccepted(total.getAccepted() + delta.getAccepted())
                .setQuarantined(total.getQuarantined() + delta.getQuarantined())
                .setWarned(total.getWarned() + delta.getWarned())
                .setQuarantinedByCode(byCode)
                .setLastEventTime(later(total.getLastEventTime(), delta.getLastEventTime()))
                .setLastAcceptedTime(later(total.getLastAcceptedTime(), delta.getLastAcceptedTime()))
                .build();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
