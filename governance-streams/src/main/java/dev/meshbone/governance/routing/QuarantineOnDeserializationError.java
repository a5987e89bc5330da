package dev.meshbone.governance.routing;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.envelope.RegistryUnavailableException;
import dev.meshbone.schemas.MeshEventSerde;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deserialization handler. The ingress deserializer makes every value it cannot read a value of its own, which
 * check 1 quarantines; what reaches this handler from an ingress topic is what it let through (a bug), and still
 * goes to quarantine byte for byte, with a violation event, in the same transaction as the task's other output (it
 * is not in the stats counts, which count what the topology routes). A registry that cannot be reached, or that refuses governance (401, 403, 429, another 4xx, 5xx), is not the
 * record's fault: the task fails, its transaction aborts, and the stream thread is replaced to try again from the last
 * commit (see the app's uncaught exception handler).
 */
public final class QuarantineOnDeserializationError implements DeserializationExceptionHandler {

    /** Streams config key carrying the instance id into this handler. */
    public static final String INSTANCE_ID_CONFIG = "meshbone.governance.instance.id";

    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineOnDeserializationError.class);
    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);

    private String instanceId = "unknown";

    @Override
    public void configure(Map<String, ?> configs) {
        Object id = configs.get(INSTANCE_ID_CONFIG);
        if (id != null) {
            instanceId = id.toString();
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        RegistryUnavailableException fault = causeOf(exception, RegistryUnavailableException.class);
        if (fault != null) {
            LOGGER.warn("Registry fault {} while reading {}-{}@{}; failing the task so it retries from its last "
                    + "commit: {}", fault.fault(), record.topic(), record.partition(), record.offset(),
                    fault.getMessage());
            return Response.fail();
        }
        if (ProductId.ofIngressTopic(record.topic()).isEmpty()) {
            // Not a data record (e.g. a corrupt control event): nothing to quarantine, and not worth stopping for.
            LOGGER.error("Skipping unreadable record {}-{}@{} of a mesh control topic: {}", record.topic(),
                    record.partition(), record.offset(), exception.toString());
            return Response.resume();
        }
        String productId = Violations.productIdOf(record.topic());
        GovernanceViolation event = Violations.event(productId, Violations.Finding.quarantine(
                ViolationCode.MALFORMED_RECORD, "the record cannot be read: " + exception.getClass().getSimpleName()),
                new Source(record.topic(), record.partition(), record.offset()), null, record.timestamp(),
                System.currentTimeMillis(), instanceId);
        LOGGER.error("Quarantining {}-{}@{}, which the ingress deserializer could not read: {}", record.topic(),
                record.partition(), record.offset(), exception.toString());
        return Response.resume(List.of(
                new ProducerRecord<>(MeshTopics.QUARANTINE, null, record.timestamp(), record.key(), record.value(),
                        Violations.quarantineHeaders(record.headers(), event)),
                new ProducerRecord<>(MeshTopics.VIOLATIONS, null, record.timestamp(),
                        productId.getBytes(StandardCharsets.UTF_8), VIOLATIONS.encode(event))));
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
