package dev.meshbone.governance.announce;

import dev.meshbone.contract.ContractKey;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.contract.ContractStore;
import dev.meshbone.governance.routing.GovernanceMetrics;
import dev.meshbone.governance.routing.Source;
import dev.meshbone.governance.routing.Violations;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each announcement read from a contract topic ({@link AnnouncementCheck}) and forwards either the descriptor
 * to put in force (keyed by contract key) or an {@code INVALID_CONTRACT} violation (keyed by product id).
 *
 * <p>The contract in force is what this processor last accepted under the key (its own store, written in the same
 * transaction as its output), so two announcements in a row are each checked against the one before, not against
 * a global store that has not read the first back yet. A key it never accepted falls back to the global contract
 * store: a contract put in force before announcements went through governance.
 */
public final class ContractAnnouncementProcessor implements Processor<String, byte[], String, AnnouncementOutcome> {

    private static final Logger LOGGER = LoggerFactory.getLogger(ContractAnnouncementProcessor.class);

    /** Settings and collaborators of the processor. */
    public record Settings(String instanceId, String storeName, AnnouncementCheck check, String contractStoreName,
                           GovernanceMetrics metrics) {
    }

    private final Settings settings;
    private ProcessorContext<String, AnnouncementOutcome> context;
    private KeyValueStore<String, DataProductDescriptor> accepted;
    private ContractStore contracts;

    public ContractAnnouncementProcessor(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, AnnouncementOutcome> context) {
        this.context = context;
        this.accepted = context.getStateStore(settings.storeName());
        this.contracts = context.getStateStore(settings.contractStoreName()); // global: read by name, not listed
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        AnnouncementVerdict verdict = settings.check().check(meta.topic(), record.key(), record.value(),
                inForce(record.key()));
        if (verdict instanceof AnnouncementVerdict.Accepted a) {
            if (a.changed()) {
                accepted.put(a.key().toString(), a.descriptor());
                context.forward(new Record<>(a.key().toString(), new AnnouncementOutcome.InForce(a.descriptor()),
                        record.timestamp()));
            }
            LOGGER.debug("Announcement of {} on {} accepted ({})", a.key(), meta.topic(),
                    a.changed() ? "republished" : "unchanged");
            return;
        }
        AnnouncementVerdict.Refused refused = (AnnouncementVerdict.Refused) verdict;
        String message = refused.message(record.key(), meta.topic());
        Violations.Finding finding = new Violations.Finding(ViolationCode.INVALID_CONTRACT, RuleAction.QUARANTINE,
                message, null, null, refused.majorVersion());
        GovernanceViolation event = Violations.event(refused.productId(), finding,
                new Source(meta.topic(), meta.partition(), meta.offset()), null, record.timestamp(),
                context.currentSystemTimeMs(), settings.instanceId());
        context.forward(new Record<>(refused.productId(), new AnnouncementOutcome.Refused(event), record.timestamp()));
        settings.metrics().quarantined(refused.productId(), ViolationCode.INVALID_CONTRACT);
        LOGGER.debug("{}", message);
    }

    private Optional<DataProductDescriptor> inForce(String key) {
        Optional<ContractKey> contractKey = ContractKey.tryParse(key);
        if (contractKey.isEmpty()) {
            return Optional.empty();
        }
        DataProductDescriptor own = accepted.get(key);
        if (own != null) {
            return Optional.of(own);
        }
        return contracts.descriptor(contractKey.get().product().toString(),
                contractKey.get().majorVersion());
    }
}
