package dev.meshbone.governance.announce;

import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.schemas.MeshEventSerde;
import org.apache.kafka.common.serialization.Serializer;

/** What the announcement check emits; each kind has its own sink. */
public sealed interface AnnouncementOutcome {

    /** An accepted announcement, republished as the contract in force on {@code mesh.products}. */
    record InForce(DataProductDescriptor descriptor) implements AnnouncementOutcome {
    }

    /** A refused announcement's {@code INVALID_CONTRACT} violation event. */
    record Refused(GovernanceViolation event) implements AnnouncementOutcome {
    }

    /** Writes each outcome's event, the same encoding as {@code MeshEventSerde} on its topic. */
    final class OutcomeSerializer implements Serializer<AnnouncementOutcome> {
        private static final MeshEventSerde<DataProductDescriptor> DESCRIPTORS =
                MeshEventSerde.of(DataProductDescriptor.class);
        private static final MeshEventSerde<GovernanceViolation> VIOLATIONS =
                MeshEventSerde.of(GovernanceViolation.class);

        @Override
        public byte[] serialize(String topic, AnnouncementOutcome outcome) {
            return outcome instanceof InForce inForce ? DESCRIPTORS.encode(inForce.descriptor())
                    : VIOLATIONS.encode(((Refused) outcome).event());
        }
    }
}
