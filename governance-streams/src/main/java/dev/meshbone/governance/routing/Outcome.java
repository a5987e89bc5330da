package dev.meshbone.governance.routing;

import dev.meshbone.events.GovernanceViolation;

/** What the governance processor decided for (part of) one ingress record; each kind has its own sink. */
public sealed interface Outcome {

    String productId();

    /** A record that passed: its protected bytes go to the product's public topic. */
    record Accepted(String productId, String publicTopic, byte[] value) implements Outcome {
    }

    /** A refused record: its original bytes go to quarantine (the violation headers ride on the record). */
    record Quarantined(String productId, byte[] original) implements Outcome {
    }

    /**
     * A new data key, written to {@code mesh.keys} (keyed {@code <subjectHash>/<keyId>}) in the transaction of the
     * first record it protects.
     */
    record NewKey(String productId, byte[] value) implements Outcome {
    }

    /** A violation event for ops, for a quarantined record or a WARN rule. */
    record Violation(String productId, GovernanceViolation event) implements Outcome {
    }
}
