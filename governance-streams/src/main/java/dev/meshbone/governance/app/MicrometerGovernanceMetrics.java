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

/** Routing decisions as Prometheus metrics, tagged by product and violation code. Counters are cached per tag set. */
final class MicrometerGovernanceMetrics implements GovernanceMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer processing;
    private final Timer age;

    MicrometerGovernanceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processing = Timer.builder("meshbone.governance.processing")
                .description("Time to check, protect and route one record")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.age = Timer.builder("meshbone.governance.record.age")
                .description("Time from the record's timestamp to its governance decision")
                .publishPercentiles(0.5, 0.99).maximumExpectedValue(Duration.ofMinutes(1)).register(registry);
    }

    @Override
    public void accepted(String productId) {
        counter("meshbone.governance.records.accepted", productId, null).increment();
    }

    @Override
    public void quarantined(String productId, ViolationCode code) {
        counter("meshbone.governance.records.quarantined", productId, code).increment();
    }

    @Override
    public void warned(String productId, ViolationCode code) {
        counter("meshbone.governance.records.warned", productId, code).increment();
    }

    @Override
    public void held(String productId) {
        counter("meshbone.governance.records.held", productId, null).increment();
    }

    @Override
    public void processed(long processingNanos, long recordAgeMillis) {
        processing.record(processingNanos, TimeUnit.NANOSECONDS);
        age.record(Math.max(0, recordAgeMillis), TimeUnit.MILLISECONDS);
    }

    private Counter counter(String name, String productId, ViolationCode code) {
        return counters.computeIfAbsent(name + "|" + productId + "|" + code, k -> {
            Counter.Builder builder = Counter.builder(name).tag("product", productId);
            if (code != null) {
                builder.tag("code", code.name());
            }
            return builder.register(registry);
        });
    }
}
