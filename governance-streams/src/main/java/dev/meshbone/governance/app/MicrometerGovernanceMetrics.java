package dev.meshbone.governance.app;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.routing.GovernanceMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Routing decisions as Prometheus metrics, tagged by product and violation code. Called for every record: counters
 * are cached per product (no key built per call), and the timers keep counts, sums, maxima and a few buckets rather
 * than client-side percentiles (a histogram update per record was 3 % of governance's stream thread).
 */
final class MicrometerGovernanceMetrics implements GovernanceMetrics {

    private final MeterRegistry registry;
    private final Map<String, ProductMeters> products = new ConcurrentHashMap<>();
    private final Timer processing;
    private final Timer age;

    MicrometerGovernanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Timer.builder("meshbone.governance.processing")
                .description("Time to check, protect and route one record").register(registry);
        this.age = Timer.builder("meshbone.governance.record.age")
                .description("Time from the record's timestamp to its governance decision")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofMinutes(1)).register(registry);
    }

    @Override
    public void accepted(String productId) {
        meters(productId).accepted.increment();
    }

    @Override
    public void quarantined(String productId, ViolationCode code) {
        meters(productId).counter("meshbone.governance.records.quarantined", code).increment();
    }

    @Override
    public void warned(String productId, ViolationCode code) {
        meters(productId).counter("meshbone.governance.records.warned", code).increment();
    }

    @Override
    public void held(String productId) {
        meters(productId).counter("meshbone.governance.records.held", null).increment();
    }

    @Override
    public void processed(long processingNanos, long recordAgeMillis) {
        processing.record(processingNanos, TimeUnit.NANOSECONDS);
        age.record(Math.max(0, recordAgeMillis), TimeUnit.MILLISECONDS);
    }

    private ProductMeters meters(String productId) {
        ProductMeters meters = products.get(productId);
        return meters != null ? meters : products.computeIfAbsent(productId, id -> new ProductMeters(registry, id));
    }

    /** One product's counters; the accepted one, asked for every record, without a lookup. */
    private static final class ProductMeters {
        private final MeterRegistry registry;
        private final String productId;
        private final Counter accepted;
        private final Map<String, Counter> byNameAndCode = new ConcurrentHashMap<>();

        ProductMeters(MeterRegistry registry, String productId) {
            this.registry = registry;
            this.productId = productId;
            this.accepted = Counter.builder("meshbone.governance.records.accepted").tag("product", productId)
                    .register(registry);
        }

        Counter counter(String name, ViolationCode code) {
            return byNameAndCode.computeIfAbsent(code == null ? name : name + "|" + code.name(), k -> {
                Counter.Builder builder = Counter.builder(name).tag("product", productId);
                if (code != null) {
                    builder.tag("code", code.name());
                }
                return builder.register(registry);
            });
        }
    }
}
