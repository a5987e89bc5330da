package dev.meshbone.governance.routing;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.contract.rules.RuleOutcome;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.contract.CompiledContract;
import dev.meshbone.governance.contract.ContractIndex;
import dev.meshbone.governance.contract.ProductContracts;
import dev.meshbone.governance.envelope.IngressDeserializer;
import dev.meshbone.governance.envelope.IngressRecord;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.keys.SubjectKeys;
import dev.meshbone.governance.pii.Protection;
import dev.meshbone.governance.pii.RecordPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * Checks 2 to 6 of DESIGN.md on each record that passed the envelope, in order, stopping at the first that
 * refuses it: product known and live, schema a version of this product's artifact and compatible, no personal data
 * where no category covers it (NONE included), quality rules; then protects tagged fields and re-encodes under the
 * same global id. Emits exactly one of: the accepted record (with its subject's new data key before it, when the
 * record creates one), or the original record to quarantine plus one violation event (WARN rule failures add
 * violation events to an accepted record).
 */
public final class GovernanceProcessor implements Processor<byte[], IngressRecord, byte[], Outcome> {

    private static final Logger LOGGER = LoggerFactory.getLogger(GovernanceProcessor.class);

    /** Settings and collaborators of the processor. */
    public record Settings(String instanceId, Duration holdGrace, Duration holdCheckInterval, String holdStoreName,
                           ContractIndex contracts, IngressDeserializer deserializer, Protection protection,
                           Keyring keys, String keyStoreName, GovernanceMetrics metrics) {
    }

    private final Settings settings;
    private final Map<String, Integer> heldByProduct = new HashMap<>();
    private final Map<String, String> productIds = new HashMap<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private ProcessorContext<byte[], Outcome> context;
    private KeyValueStore<String, byte[]> held;
    private SubjectKeys subjectKeys;

    public GovernanceProcessor(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<byte[], Outcome> context) {
        this.context = context;
        this.held = context.getStateStore(settings.holdStoreName());
        try (KeyValueIterator<String, byte[]> all = held.all()) {
            all.forEachRemaining(kv -> heldByProduct.merge(kv.key.substring(0, kv.key.indexOf('|')), 1, Integer::sum));
        }
        context.schedule(settings.holdCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::releaseHeld);
        // Called again when the task is revived after an aborted transaction: keys created then were not written.
        subjectKeys = settings.keys().keks().map(keks -> new SubjectKeys(keks, settings.keys().cache(),
                context.<KeyValueStore<String, byte[]>>getStateStore(settings.keyStoreName()), settings.instanceId(),
                context::currentSystemTimeMs)).orElse(null);
        if (subjectKeys != null) {
            subjectKeys.reset();
        }
    }

    @Override
    public void close() {
        if (subjectKeys != null) {
            subjectKeys.reset();
        }
    }

    @Override
    public void process(Record<byte[], IngressRecord> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        Source source = new Source(meta.topic(), meta.partition(), meta.offset());
        String productId = productIds.computeIfAbsent(meta.topic(), Violations::productIdOf);
        Optional<ProductContracts> contracts = settings.contracts().product(productId);
        if (contracts.isEmpty() || heldByProduct.containsKey(productId)) {
            if (contracts.isPresent()) {
                drain(productId, contracts.get()); // keep the product's order: older held records go first
            } else {
                hold(productId, source, record);
                return;
            }
        }
        decide(productId, contracts.get(), source, record.key(), record.value(), record.headers(), record.timestamp());
    }

    private void hold(String productId, Source source, Record<byte[], IngressRecord> record) {
        HeldRecord h = new HeldRecord(source, record.key(), record.value().raw(), record.headers(),
                record.timestamp(), context.currentSystemTimeMs());
        held.put(h.storeKey(productId), h.encode());
        heldByProduct.merge(productId, 1, Integer::sum);
        settings.metrics().held(productId);
        LOGGER.debug("Holding {} {} until its descriptor arrives", productId, source);
    }

    /** Wall-clock punctuation: releases held records whose product is now known, or whose grace has passed. */
    private void releaseHeld(long now) {
        for (String productId : List.copyOf(heldByProduct.keySet())) {
            Optional<ProductContracts> contracts = settings.contracts().product(productId);
            if (contracts.isPresent()) {
                drain(productId, contracts.get());
                continue;
            }
            if (settings.contracts().awaitingTopic(productId)) {
                continue; // announced, its public topic being created: not an unknown product, so no grace runs out
            }
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = held.prefixScan(productId + "|",
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                while (it.hasNext()) {
                    var kv = it.next();
                    HeldRecord h = HeldRecord.decode(kv.value);
                    if (now - h.heldAt() < settings.holdGrace().toMillis()) {
                        break; // held in arrival order: the rest are younger
                    }
                    expired.add(kv.key);
                    quarantine(productId, h.source(), h.key(), h.value(), h.headers(), h.timestamp(), null,
                            Violations.Finding.quarantine(ViolationCode.UNKNOWN_PRODUCT, "no data product "
                                    + productId + " is in force on mesh.products (waited "
                                    + settings.holdGrace().toSeconds() + " s)"));
                }
            }
            expired.forEach(held::delete);
            forget(productId, expired.size());
        }
    }

    private void drain(String productId, ProductContracts contracts) {
        List<String> released = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = held.prefixScan(productId + "|",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            while (it.hasNext()) {
                var kv = it.next();
                HeldRecord h = HeldRecord.decode(kv.value);
                IngressRecord value = settings.deserializer().deserialize(h.source().topic(), h.value());
                decide(productId, contracts, h.source(), h.key(), value, h.headers(), h.timestamp());
                released.add(kv.key);
            }
        }
        released.forEach(held::delete);
        forget(productId, released.size());
    }

    private void forget(String productId, int released) {
        heldByProduct.computeIfPresent(productId, (p, n) -> n - released <= 0 ? null : n - released);
    }

    private void decide(String productId, ProductContracts contracts, Source source, byte[] key, IngressRecord value,
                        Headers headers, long timestamp) {
        long started = System.nanoTime();
        ResolvedSchema schema = value.schema();
        Optional<Violations.Finding> refusal;
        Optional<CompiledContract> contract = contracts.forArtifact(schema.groupId(), schema.artifactId());
        List<Violations.Finding> warnings = new ArrayList<>();
        if (contracts.allRetired()) {
            refusal = Optional.of(Violations.Finding.quarantine(ViolationCode.RETIRED_PRODUCT,
                    "data product " + productId + " is retired: it accepts no more records"));
        } else if (contract.isEmpty()) {
            refusal = Optional.of(Violations.Finding.quarantine(ViolationCode.SCHEMA_MISMATCH, "the record was "
                    + "written with schema " + schema.coordinates() + " (global id " + schema.globalId()
                    + "), which is not a version of this product's artifact(s) " + artifacts(contracts)));
        } else {
            refusal = check(contract.get(), value, warnings);
        }
        Integer major = contract.map(CompiledContract::majorVersion).orElse(null);
        if (refusal.isPresent()) {
            quarantine(productId, source, key, value.raw(), headers, timestamp, schema.globalId(),
                    refusal.get().withMajor(major));
        } else {
            CompiledContract c = contract.get();
            PersonalDataPolicy policy = c.policy(schema.globalId(), schema.schema());
            DataKey subjectKey = policy.encrypts() ? subjectKey(productId, c, value, timestamp) : null;
            RecordPlan.protect(value.record(), policy, settings.protection(), subjectKey);
            context.forward(new Record<byte[], Outcome>(key, new Outcome.Accepted(productId, c.publicTopic(),
                    encode(schema, value)), timestamp, headers));
            settings.metrics().accepted(productId);
            for (Violations.Finding warning : warnings) {
                emitViolation(productId, warning.withMajor(major), source, schema.globalId(), timestamp);
                settings.metrics().warned(productId, warning.code());
            }
        }
        settings.metrics().processed(System.nanoTime() - started, context.currentSystemTimeMs() - timestamp);
    }

    /**
     * The key of the record's data subject (read before any field is protected), created and forwarded to
     * {@code mesh.keys} when the subject has none; null without a subject or without keys.
     */
    private DataKey subjectKey(String productId, CompiledContract contract, IngressRecord value, long timestamp) {
        ResolvedSchema schema = value.schema();
        Optional<Subject> subject = contract.subject(schema.globalId(), schema.schema()).flatMap(s -> {
            Object id = value.record().get(s.field());
            return id == null ? Optional.empty() : Subject.of(s.kind(), id.toString());
        });
        if (subject.isEmpty() || subjectKeys == null) {
            return null;
        }
        SubjectKeys.Resolved resolved = subjectKeys.keyOf(subject.get());
        resolved.created().ifPresent(k -> context.forward(new Record<byte[], Outcome>(
                k.recordKey().getBytes(StandardCharsets.UTF_8), new Outcome.NewKey(productId, k.value()), timestamp,
                new RecordHeaders())));
        return resolved.key();
    }

    /** Checks 2b to 5 against the record's contract: the first refusal, with WARN findings collected on the way. */
    private Optional<Violations.Finding> check(CompiledContract contract, IngressRecord value,
                                               List<Violations.Finding> warnings) {
        ResolvedSchema schema = value.schema();
        if (contract.retired()) {
            return Optional.of(Violations.Finding.quarantine(ViolationCode.RETIRED_PRODUCT, "major version "
                    + contract.majorVersion() + " of " + contract.descriptor().getId() + " is retired"));
        }
        Optional<String> incompatible = contract.incompatibility(schema.globalId(), schema.schema());
        if (incompatible.isPresent()) {
            return Optional.of(Violations.Finding.quarantine(ViolationCode.INCOMPATIBLE_SCHEMA,
                    "writer schema " + schema.coordinates() + " breaks the contract: " + incompatible.get()));
        }
        Optional<RecordPlan.UntaggedPii> untagged = RecordPlan.scan(value.record(),
                contract.policy(schema.globalId(), schema.schema()));
        if (untagged.isPresent()) {
            RecordPlan.UntaggedPii u = untagged.get();
            return Optional.of(new Violations.Finding(ViolationCode.UNTAGGED_PII, RuleAction.QUARANTINE,
                    u.message(), u.fieldPath(), null, null));
        }
        if (contract.rules().isEmpty()) {
            return Optional.empty();
        }
        for (CompiledContract.Rule rule : contract.rules()) {
            String failure = rule.program() == null ? "the rule does not compile: " + rule.compileError()
                    : failure(rule.program().evaluate(value.record()));
            if (failure == null) {
                continue;
            }
            Violations.Finding finding = new Violations.Finding(ViolationCode.RULE_FAILED, rule.action(),
                    "quality rule '" + rule.id() + "' failed: " + failure, null, rule.id(), null);
            if (rule.action() == RuleAction.QUARANTINE) {
                return Optional.of(finding);
            }
            warnings.add(finding);
        }
        return Optional.empty();
    }

    private static String failure(RuleOutcome outcome) {
        return outcome.passed() ? null : outcome.reason();
    }

    private void quarantine(String productId, Source source, byte[] key, byte[] original, Headers headers,
                            long timestamp, Long schemaId, Violations.Finding finding) {
        GovernanceViolation event = Violations.event(productId, finding, source, schemaId, timestamp,
                context.currentSystemTimeMs(), settings.instanceId());
        context.forward(new Record<byte[], Outcome>(key, new Outcome.Quarantined(productId, original), timestamp,
                Violations.quarantineHeaders(headers, event)));
        context.forward(new Record<byte[], Outcome>(productId.getBytes(StandardCharsets.UTF_8),
                new Outcome.Violation(productId, event), timestamp, new RecordHeaders()));
        settings.metrics().quarantined(productId, finding.code());
    }

    private void emitViolation(String productId, Violations.Finding finding, Source source, Long schemaId,
                               long timestamp) {
        GovernanceViolation event = Violations.event(productId, finding, source, schemaId, timestamp,
                context.currentSystemTimeMs(), settings.instanceId());
        context.forward(new Record<byte[], Outcome>(productId.getBytes(StandardCharsets.UTF_8),
                new Outcome.Violation(productId, event), timestamp, new RecordHeaders()));
    }

    /** The Apicurio framing again, with the same global id, so consumers resolve the same artifact version. */
    private byte[] encode(ResolvedSchema schema, IngressRecord value) {
        buffer.reset();
        buffer.write(IngressDeserializer.MAGIC);
        buffer.writeBytes(ByteBuffer.allocate(4).putInt((int) schema.globalId()).array());
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        try {
            schema.writer().write(value.record(), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static String artifacts(ProductContracts contracts) {
        return contracts.contracts().stream().map(c -> c.groupId() + "/" + c.artifactId())
                .reduce((a, b) -> a + ", " + b).orElse("(none)");
    }
}
