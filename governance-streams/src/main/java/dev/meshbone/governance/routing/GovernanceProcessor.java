package dev.meshbone.governance.routing;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.Subject;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.governance.check.CheckInput;
import dev.meshbone.governance.check.CheckPipeline;
import dev.meshbone.governance.check.Verdict;
import dev.meshbone.governance.contract.CompiledContract;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.keys.Keyring;
import dev.meshbone.governance.keys.SubjectKeys;
import dev.meshbone.governance.pii.Protection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs the {@link CheckPipeline} on each record the hold-back admits; then protects the tagged fields of an accepted
 * record (step 6) and splices the protected values into its bytes (same global id). Emits exactly one of: the accepted record (with its
 * subject's new data key before it, when the record creates one, and a violation event for each WARN after it), or
 * the original record to quarantine plus one violation event.
 */
public final class GovernanceProcessor implements Processor<byte[], CheckInput, byte[], Outcome> {

    /** Settings and collaborators of the processor. */
    public record Settings(String instanceId, CheckPipeline checks, Protection protection, Keyring keys,
                           String keyStoreName, GovernanceMetrics metrics) {
    }

    private final Settings settings;
    private final List<Violations.Finding> warnings = new ArrayList<>();
    private ProcessorContext<byte[], Outcome> context;
    private SubjectKeys subjectKeys;

    public GovernanceProcessor(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<byte[], Outcome> context) {
        this.context = context;
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
    public void process(Record<byte[], CheckInput> record) {
        long started = System.nanoTime();
        CheckInput in = record.value();
        String productId = in.productId();
        Integer major = in.contract() == null ? null : in.contract().majorVersion();
        Verdict verdict = settings.checks().run(in, warnings);
        if (verdict instanceof Verdict.Refuse refuse) {
            quarantine(productId, in.source(), record.key(), in.raw(), record.headers(), record.timestamp(),
                    in.schemaId(), refuse.finding().withMajor(major));
        } else {
            CompiledContract c = in.contract();
            PersonalDataPolicy policy = in.policy();
            DataKey subjectKey = policy.encrypts() ? subjectKey(productId, c, in, record.timestamp()) : null;
            context.forward(new Record<byte[], Outcome>(record.key(), new Outcome.Accepted(productId, c.publicTopic(),
                    in.walk().protect(settings.protection(), subjectKey)), record.timestamp(), record.headers()));
            settings.metrics().accepted(productId);
            for (int i = 0; i < warnings.size(); i++) {
                Violations.Finding warning = warnings.get(i);
                emitViolation(productId, warning.withMajor(major), in.source(), in.schemaId(), record.timestamp());
                settings.metrics().warned(productId, warning.code());
            }
        }
        settings.metrics().processed(System.nanoTime() - started,
                context.currentSystemTimeMs() - record.timestamp());
    }

    /**
     * The key of the record's data subject (read before any field is protected), created and forwarded to
     * {@code mesh.keys} when the subject has none; null without a subject or without keys.
     */
    private DataKey subjectKey(String productId, CompiledContract contract, CheckInput in, long timestamp) {
        ResolvedSchema schema = in.schema();
        Optional<Subject> subject = contract.subject(schema.globalId(), schema.schema()).flatMap(s -> {
            Object id = in.walk().view().get(s.field());
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
}
