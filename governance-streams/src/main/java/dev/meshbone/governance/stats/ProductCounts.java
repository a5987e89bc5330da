package dev.meshbone.governance.stats;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.events.RuleAction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;

/**
 * The running counts of one product in one window, as one stream task counts them: mutable, and owned by that
 * task's thread. Reported as {@link ProductStats}; kept in the task's store in a compact form of its own (the store
 * is written once per record, so it must be cheap to write): key {@code <product>@<window start, 19 digits>},
 * value a format byte (1), then accepted, quarantined, warned, last event and last accepted time (8 bytes each,
 * {@link Long#MIN_VALUE} for none), the number of violation codes (4 bytes) and, for each, its name (2-byte length,
 * ASCII) and its count (8 bytes).
 */
final class ProductCounts {

    private static final long NONE = Long.MIN_VALUE;
    private static final byte FORMAT = 1;

    private final String productId;
    private final long windowStart;
    private final Bytes storeKey;
    private long accepted;
    private long quarantined;
    private long warned;
    private Map<String, Long> quarantinedByCode;
    private long lastEvent = NONE;
    private long lastAccepted = NONE;
    private boolean unreported;
    private boolean unstored;

    ProductCounts(String productId, long windowStart) {
        this.productId = productId;
        this.windowStart = windowStart;
        this.storeKey = Bytes.wrap((productId + '@' + String.format("%019d", Math.max(0, windowStart)))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Counts as the store holds them, to be reported again (a report replaces the one before). */
    static ProductCounts decode(Bytes key, byte[] value) {
        String k = new String(key.get(), StandardCharsets.UTF_8);
        int at = k.lastIndexOf('@');
        ByteBuffer in = ByteBuffer.wrap(value);
        if (at <= 0 || in.get() != FORMAT) {
            throw new IllegalStateException("stats store entry " + k + " is not in a format this version reads");
        }
        ProductCounts counts = new ProductCounts(k.substring(0, at), Long.parseLong(k.substring(at + 1)));
        counts.accepted = in.getLong();
        counts.quarantined = in.getLong();
        counts.warned = in.getLong();
        counts.lastEvent = in.getLong();
        counts.lastAccepted = in.getLong();
        int codes = in.getInt();
        if (codes > 0) {
            counts.quarantinedByCode = new HashMap<>();
        }
        for (int i = 0; i < codes; i++) {
            byte[] name = new byte[in.getShort()];
            in.get(name);
            counts.quarantinedByCode.put(new String(name, StandardCharsets.US_ASCII), in.getLong());
        }
        counts.unreported = true;
        return counts;
    }

    /** The store value of these counts. */
    byte[] encode() {
        int size = 1 + 5 * Long.BYTES + Integer.BYTES;
        if (quarantinedByCode != null) {
            for (String code : quarantinedByCode.keySet()) {
                size += Short.BYTES + code.length() + Long.BYTES;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT).putLong(accepted).putLong(quarantined)
                .putLong(warned).putLong(lastEvent).putLong(lastAccepted)
                .putInt(quarantinedByCode == null ? 0 : quarantinedByCode.size());
        if (quarantinedByCode != null) {
            quarantinedByCode.forEach((code, n) -> out.putShort((short) code.length())
                    .put(code.getBytes(StandardCharsets.US_ASCII)).putLong(n));
        }
        return out.array();
    }

    String productId() {
        return productId;
    }

    long windowStart() {
        return windowStart;
    }

    Bytes storeKey() {
        return storeKey;
    }

    boolean unreported() {
        return unreported;
    }

    void reported() {
        unreported = false;
    }

    /** True when these counts changed since they were last written to the store. */
    boolean unstored() {
        return unstored;
    }

    void stored() {
        unstored = false;
    }

    /** A record that went public; its timestamp is the product's last event and last accepted time. */
    void accepted(long timestamp) {
        accepted++;
        lastEvent = Math.max(lastEvent, timestamp);
        lastAccepted = Math.max(lastAccepted, timestamp);
        unreported = true;
        unstored = true;
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
        unstored = true;
    }

    /** The counts as a report of {@code part}; the map is shared, as the report is serialized when forwarded. */
    ProductStats toStats(Duration window, String part) {
        return new ProductStats(productId, Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowStart + window.toMillis()), accepted, quarantined, warned,
                quarantinedByCode == null ? Map.of() : quarantinedByCode, instant(lastEvent), instant(lastAccepted),
                part);
    }

    private static Instant instant(long millis) {
        return millis == NONE ? null : Instant.ofEpochMilli(millis);
    }
}
