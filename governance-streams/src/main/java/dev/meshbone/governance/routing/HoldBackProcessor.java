package dev.meshbone.governance.routing;

import dev.meshbone.governance.check.CheckInput;
import dev.meshbone.governance.contract.ContractStore;
import dev.meshbone.governance.contract.ProductContracts;
import dev.meshbone.governance.envelope.Envelope;
import dev.meshbone.governance.envelope.IngressDeserializer;
import dev.meshbone.governance.envelope.Unreadable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits each ingress record to the checks with its product's contracts, read from the global contract store (a
 * value check 1 refuses goes straight on: no contract makes it readable). A record can overtake its product's first
 * contract, so one whose product has none yet is held (in the changelogged
 * hold store, so a crash neither loses nor duplicates it) until a contract arrives or the grace passes, and then
 * admitted without contracts (check 2 refuses it as {@code UNKNOWN_PRODUCT}). A product's order is kept: its held
 * records are admitted first, in arrival order, and forwarding is synchronous, so they are checked before any newer
 * record of the product in this task.
 */
public final class HoldBackProcessor implements Processor<byte[], Envelope, byte[], CheckInput> {

    private static final Logger LOGGER = LoggerFactory.getLogger(HoldBackProcessor.class);
    private static final StringSerializer KEYS = new StringSerializer();

    /** Settings and collaborators of the processor. */
    public record Settings(Duration grace, Duration checkInterval, String holdStoreName, String contractStoreName,
                           IngressDeserializer deserializer, GovernanceMetrics metrics) {
    }

    private final Settings settings;
    private final Map<String, Integer> heldByProduct = new HashMap<>();
    private final Map<String, String> productIds = new HashMap<>();
    private ProcessorContext<byte[], CheckInput> context;
    private KeyValueStore<String, byte[]> held;
    private ContractStore contracts;

    public HoldBackProcessor(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<byte[], CheckInput> context) {
        this.context = context;
        this.held = context.getStateStore(settings.holdStoreName());
        // A global store: readable from every processor by name, never listed as one of its stores.
        this.contracts = context.getStateStore(settings.contractStoreName());
        try (KeyValueIterator<String, byte[]> all = held.all()) {
            all.forEachRemaining(kv -> heldByProduct.merge(kv.key.substring(0, kv.key.indexOf('|')), 1, Integer::sum));
        }
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::releaseHeld);
    }

    @Override
    public void process(Record<byte[], Envelope> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Source source = new Source(meta.topic(), meta.partition(), meta.offset());
        String productId = productIds.computeIfAbsent(meta.topic(), Violations::productIdOf);
        if (record.value() instanceof Unreadable) {
            context.forward(record.withValue(CheckInput.of(productId, source, null, record.value())));
            return;
        }
        Optional<ProductContracts> known = contracts.product(productId);
        if (known.isEmpty()) {
            hold(productId, source, record);
            return;
        }
        if (heldByProduct.containsKey(productId)) {
            release(productId, known.get(), context.currentSystemTimeMs()); // keep the product's order: older held records go first
        }
        context.forward(record.withValue(CheckInput.of(productId, source, known.get(), record.value())));
    }

    private void hold(String productId, Source source, Record<byte[], Envelope> record) {
        HeldRecord h = new HeldRecord(source, record.key(), record.value().raw(), record.headers(),
                record.timestamp(), context.currentSystemTimeMs());
        held.put(h.storeKey(productId), h.encode());
        heldByProduct.merge(productId, 1, Integer::sum);
        settings.metrics().held(productId);
        LOGGER.debug("Holding {} {} until its descriptor arrives", productId, source);
    }

    /**
     * Wall-clock punctuation: admits the held records whose product is now known, or whose grace has passed (a
     * product waiting for its public topic is known: its records wait as long as that takes).
     */
    private void releaseHeld(long now) {
        for (String productId : List.copyOf(heldByProduct.keySet())) {
            Optional<ProductContracts> known = contracts.product(productId);
            if (known.isEmpty() && contracts.awaitingTopic(productId)) {
                continue; // announced, its public topic being created: not an unknown product, so no grace runs out
            }
            release(productId, known.orElse(null), now);
        }
    }

    /**
     * Admits the product's held records in arrival order: all of them when it has contracts, else (contracts null)
     * those held for the grace or longer.
     */
    private void release(String productId, ProductContracts known, long now) {
        List<String> released = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = held.prefixScan(productId + "|", KEYS)) {
            while (it.hasNext()) {
                var kv = it.next();
                HeldRecord h = HeldRecord.decode(kv.value);
                if (known == null && now - h.heldAt() < settings.grace().toMillis()) {
                    break; // held in arrival order: the rest are younger
                }
                Envelope value = settings.deserializer().deserialize(h.source().topic(), h.value());
                context.forward(new Record<>(h.key(), CheckInput.of(productId, h.source(), known, value),
                        h.timestamp(), h.headers()));
                released.add(kv.key);
            }
        }
        released.forEach(held::delete);
        heldByProduct.computeIfPresent(productId, (p, n) -> n - released.size() <= 0 ? null : n - released.size());
    }
}
