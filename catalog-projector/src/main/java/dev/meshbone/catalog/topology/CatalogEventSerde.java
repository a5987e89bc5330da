package dev.meshbone.catalog.topology;

import dev.meshbone.events.AccessGrant;
import dev.meshbone.events.DataProductDescriptor;
import dev.meshbone.events.GovernanceViolation;
import dev.meshbone.events.ProductStats;
import dev.meshbone.schemas.MeshEventSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of {@link CatalogEvent} on the internal repartition topic: one tag byte, then for descriptors the major
 * version (4 bytes) and the event in the mesh's own encoding ({@link MeshEventSerde}); a removed major is the tag
 * and the major alone; a grant is its tag and the {@code AccessGrant}, a revoke its tag and the team's name.
 */
public final class CatalogEventSerde implements Serde<CatalogEvent> {

    private static final byte DESCRIPTOR = 'D';
    private static final byte REMOVED = 'R';
    private static final byte VIOLATION = 'V';
    private static final byte STATS = 'S';
    private static final byte GRANTED = 'G';
    private static final byte REVOKED = 'U';

    private final MeshEventSerde<DataProductDescriptor> descriptors = MeshEventSerde.of(DataProductDescriptor.class);
    private final MeshEventSerde<GovernanceViolation> violations = MeshEventSerde.of(GovernanceViolation.class);
    private final MeshEventSerde<ProductStats> stats = MeshEventSerde.of(ProductStats.class);
    private final MeshEventSerde<AccessGrant> grants = MeshEventSerde.of(AccessGrant.class);

    /** Encodes one event. */
    public byte[] encode(CatalogEvent event) {
        if (event instanceof CatalogEvent.DescriptorChanged d) {
            return d.removed()
                    ? ByteBuffer.allocate(5).put(REMOVED).putInt(d.majorVersion()).array()
                    : tagged(DESCRIPTOR, d.majorVersion(), descriptors.encode(d.descriptor()));
        }
        if (event instanceof CatalogEvent.ViolationSeen v) {
            return tagged(VIOLATION, violations.encode(v.violation()));
        }
        if (event instanceof CatalogEvent.AccessChanged a) {
            return a.revoked() ? tagged(REVOKED, a.team().getBytes(StandardCharsets.UTF_8))
                    : tagged(GRANTED, grants.encode(a.grant()));
        }
        return tagged(STATS, stats.encode(((CatalogEvent.StatsReported) event).stats()));
    }

    /** Decodes one event; {@link SerializationException} when the bytes are not one. */
    public CatalogEvent decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw new SerializationException("empty catalog event");
        }
        return switch (bytes[0]) {
            case DESCRIPTOR -> new CatalogEvent.DescriptorChanged(major(bytes),
                    descriptors.decode(Arrays.copyOfRange(bytes, 5, bytes.length)));
            case REMOVED -> new CatalogEvent.DescriptorChanged(major(bytes), null);
            case VIOLATION -> new CatalogEvent.ViolationSeen(violations.decode(Arrays.copyOfRange(bytes, 1, bytes.length)));
            case STATS -> new CatalogEvent.StatsReported(stats.decode(Arrays.copyOfRange(bytes, 1, bytes.length)));
            case GRANTED -> {
                AccessGrant grant = grants.decode(Arrays.copyOfRange(bytes, 1, bytes.length));
                yield new CatalogEvent.AccessChanged(grant.getTeam(), grant);
            }
            case REVOKED -> new CatalogEvent.AccessChanged(
                    new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8), null);
            default -> throw new SerializationException("unknown catalog event tag " + bytes[0]);
        };
    }

    private static int major(byte[] bytes) {
        if (bytes.length < 5) {
            throw new SerializationException("truncated catalog event");
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private static byte[] tagged(byte tag, byte[] payload) {
        return ByteBuffer.allocate(1 + payload.length).put(tag).put(payload).array();
    }

    private static byte[] tagged(byte tag, int major, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put(tag).putInt(major).put(payload).array();
    }

    @Override
    public Serializer<CatalogEvent> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }

    @Override
    public Deserializer<CatalogEvent> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
