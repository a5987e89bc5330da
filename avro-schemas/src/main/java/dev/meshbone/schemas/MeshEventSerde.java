package dev.meshbone.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for the mesh's own events ({@code mesh.products}, {@code mesh.governance.*}, {@code mesh.catalog}):
 * Avro single-object encoding (a 10-byte header with the writer schema's fingerprint, then Avro binary). The
 * control plane needs no registry round trip, and a reader knows which schema wrote each event; older writer
 * schemas are added to the decoder with {@link #withWriterSchema(Schema)} as the events evolve.
 */
public final class MeshEventSerde<T extends SpecificRecordBase> implements Serde<T> {

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Class<T> type;

    private MeshEventSerde(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, new SchemaStore.Cache());
    }

    /**
     * A serde for a generated event class, e.g. {@code MeshEventSerde.of(DataProductDescriptor.class)}. Its decoder
     * knows the event's earlier schemas kept as {@code history/<Event>.<n>.avsc} beside this class (n = 1, 2, ...):
     * records written before a field was added still decode on compacted topics and in state stores.
     */
    public static <T extends SpecificRecordBase> MeshEventSerde<T> of(Class<T> type) {
        MeshEventSerde<T> serde = new MeshEventSerde<>(type, SpecificData.get().getSchema(type));
        for (int n = 1; ; n++) {
            try (InputStream in = MeshEventSerde.class.getResourceAsStream(
                    "history/" + type.getSimpleName() + "." + n + ".avsc")) {
                if (in == null) {
                    return serde;
                }
                serde.withWriterSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read an earlier schema of " + type.getSimpleName(), e);
            }
        }
    }

    /** Teaches the decoder an older (or newer) writer schema of the same event. */
    public MeshEventSerde<T> withWriterSchema(Schema writer) {
        decoder.addSchema(writer);
        return this;
    }

    /** Encodes one event. */
    public byte[] encode(T event) {
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes one event; {@link SerializationException} names the event type when the bytes are not one. */
    public T decode(byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " event (Avro single-object "
                    + "encoding): " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }
}
