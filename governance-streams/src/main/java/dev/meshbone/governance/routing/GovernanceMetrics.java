package dev.meshbone.governance.routing;

import dev.meshbone.events.ViolationCode;

/** What the topology reports as it routes; the app backs it with Micrometer, tests with nothing. */
public interface GovernanceMetrics {

    GovernanceMetrics NONE = new GovernanceMetrics() {
    };

    default void accepted(String productId) {
    }

    default void quarantined(String productId, ViolationCode code) {
    }

    default void warned(String productId, ViolationCode code) {
    }

    default void held(String productId) {
    }

    /** Time spent checking one record, and how old the record was when it was decided. */
    default void processed(long processingNanos, long recordAgeMillis) {
    }
}
