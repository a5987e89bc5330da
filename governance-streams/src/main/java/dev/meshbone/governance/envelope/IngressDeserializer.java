package dev.meshbone.governance.envelope;

import dev.meshbone.events.ViolationCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Apicurio Avro framing the SDK writes: {@code 0x00}, the writer schema's global id (int32, big endian),
 * then Avro binary. Throws {@link EnvelopeException} for bytes that are not such a record, and
 * {@link RegistryUnavailableException} when the registry cannot answer governance right now (a fault, which the
 * deserialization handler never quarantines). Thread-safe.
 */
public final class IngressDeserializer implements Deserializer<IngressRecord> {

    /** The Apicurio (and Confluent) magic byte. */
    public static final byte MAGIC = 0x0;
    /** Magic byte plus the 4-byte id. */
    public static final int HEADER_SIZE = 5;

    private final SchemaLookup schemas;
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public IngressDeserializer(SchemaLookup schemas) {
        this.schemas = schemas;
    }

    @Override
    public IngressRecord deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            throw new EnvelopeException(ViolationCode.MALFORMED_RECORD, "the record has no value", null);
        }
        if (data.length < HEADER_SIZE || data[0] != MAGIC) {
            throw new EnvelopeException(ViolationCode.MALFORMED_RECORD, String.format(
                    "the value is not an Apicurio Avro record: expected magic byte 0x00 and a 4-byte schema id, "
                            + "got %d bytes starting with 0x%02x", data.length, data[0]), null);
        }
        long globalId = Integer.toUnsignedLong(ByteBuffer.wrap(data, 1, 4).getInt());
        SchemaAnswer answer = schemas.byGlobalId(globalId);
        if (answer instanceof SchemaAnswer.Unknown unknown) {
            throw new EnvelopeException(ViolationCode.UNKNOWN_SCHEMA, "the record names schema global id " + globalId
                    + ", " + unknown.why(), globalId);
        }
        ResolvedSchema schema = ((SchemaAnswer.Known) answer).schema();
        try {
            BinaryDecoder decoder = DecoderFactory.get()
                    .binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, decoders.get());
            decoders.set(decoder);
            GenericRecord record = schema.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new EnvelopeException(ViolationCode.MALFORMED_RECORD, "the value has bytes left over after a "
                        + "complete " + schema.schema().getFullName() + " record (global id " + globalId + ")", globalId);
            }
            return new IngressRecord(data, schema, record);
        } catch (IOException | RuntimeException e) {
            if (e instanceof EnvelopeException envelope) {
                throw envelope;
            }
            throw new EnvelopeException(ViolationCode.MALFORMED_RECORD, "the value cannot be decoded with its writer "
                    + "schema " + schema.coordinates() + " (global id " + globalId + "): " + e.getClass().getSimpleName(),
                    globalId);
        }
    }
}
