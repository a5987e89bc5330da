package dev.meshbone.governance.routing;

import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.schemas.MeshEventSerde;
import org.apache.kafka.common.serialization.Serializer;

/** Writes each outcome's payload: public bytes, the original bytes, the new key, or the encoded violation event. */
public final class OutcomeSerializer implements Serializer<Outcome> {

    private static final MeshEventSerde<GovernanceViolation> VIOLATIONS = MeshEventSerde.of(GovernanceViolation.class);

    @Override
    public byte[] serialize(String topic, Outcome outcome) {
        if (outcome instanceof Outcome.Accepted accepted) {
            return accepted.value();
        }
        if (outcome instanceof Outcome.Quarantined quarantined) {
            return quarantined.original();
        }
        if (outcome instanceof Outcome.NewKey key) {
            return key.value();
        }
        return VIOLATIONS.encode(((Outcome.Violation) outcome).event());
    }
}
