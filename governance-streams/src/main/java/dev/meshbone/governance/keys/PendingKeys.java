package dev.meshbone.governance.keys;

import java.util.HashMap;
import java.util.Map;

/** One stream thread's keys not yet visible in the global store, by subject hash. Not thread-safe: one per thread. */
final class PendingKeys {

    private static final int FIRST_SWEEP = 1024;

    final Map<String, DataKeyCache.Entry> bySubject = new HashMap<>();
    private int sweepAt = FIRST_SWEEP;

    /** Whether it has grown enough since the last sweep for another; amortised O(1) per new key. */
    boolean dueForSweep() {
        return bySubject.size() >= sweepAt;
    }

    void swept() {
        sweepAt = Math.max(FIRST_SWEEP, 2 * bySubject.size());
    }

    void clear() {
        bySubject.clear();
        sweepAt = FIRST_SWEEP;
    }
}
