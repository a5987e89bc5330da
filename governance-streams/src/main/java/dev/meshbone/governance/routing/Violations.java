package dev.meshbone.governance.routing;

import dev.meshbone.contract.ProductId;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.schemas.MeshHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds violation events and quarantine headers, the same way for the processor and the error handler. */
public final class Violations {

    private Violations() {
    }

    /** What went wrong with one record. Messages name fields and rules, never values. */
    public record Finding(ViolationCode code, RuleAction action, String message, String fieldPath, String ruleId,
                          Integer majorVersion) {
        public static Finding quarantine(ViolationCode code, String message) {
            return new Finding(code, RuleAction.QUARANTINE, message, null, null, null);
        }

        public Finding withMajor(Integer major) {
            return new Finding(code, action, message, fieldPath, ruleId, major);
        }
    }

    /** The product id an ingress topic belongs to; the topic itself for anything else. */
    public static String productIdOf(String topic) {
        return ProductId.ofIngressTopic(topic).map(ProductId::toString).orElse(topic);
    }

    public static GovernanceViolation event(String productId, Finding finding, Source source, Long schemaId,
                                            long recordTimestamp, long now, String instance) {
        return GovernanceViolation.newBuilder()
                .setProductId(productId)
                .setMajorVersion(finding.majorVersion())
                .setCode(finding.code())
                .setAction(finding.action())
                .setMessage(finding.message())
                .setFieldPath(finding.fieldPath())
                .setRuleId(finding.ruleId())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setSchemaId(schemaId)
                .setRecordTimestamp(Instant.ofEpochMilli(recordTimestamp))
                .setDetectedAt(Instant.ofEpochMilli(now))
                .setAppInstance(instance)
                .build();
    }

    /** The original headers, byte for byte, followed by the {@code mesh.violation.*} headers. */
    public static Headers quarantineHeaders(Headers original, GovernanceViolation v) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                headers.add(h.key(), h.value());
            }
        }
        add(headers, MeshHeaders.VIOLATION_CODE, v.getCode().name());
        add(headers, MeshHeaders.VIOLATION_MESSAGE, v.getMessage());
        add(headers, MeshHeaders.VIOLATION_FIELD, v.getFieldPath());
        add(headers, MeshHeaders.VIOLATION_RULE, v.getRuleId());
        add(headers, MeshHeaders.VIOLATION_SOURCE_TOPIC, v.getSourceTopic());
        add(headers, MeshHeaders.VIOLATION_SOURCE_PARTITION, String.valueOf(v.getSourcePartition()));
        add(headers, MeshHeaders.VIOLATION_SOURCE_OFFSET, String.valueOf(v.getSourceOffset()));
        add(headers, MeshHeaders.VIOLATION_TIME, String.valueOf(v.getDetectedAt().toEpochMilli()));
        return headers;
    }

    private static void add(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
