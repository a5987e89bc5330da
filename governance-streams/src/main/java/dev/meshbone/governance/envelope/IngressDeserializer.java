package dev.meshbone.governance.envelope;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.record.MalformedRecordException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Apicurio Avro framing the SDK writes: {@code 0x00}, the writer schema's global id (int32, big endian),
 * then Avro binary. Throws {@link EnvelopeException} for bytes that are not such a record, and
 * {@link RegistryUnavailableException} when the registry cannot answer governance right now (a fault, which the
 * deserialization handler never quarantines). The record is validated in place, not decoded: the contract's record
 * program reads what it needs later. Thread-safe.
 */
public final class IngressDeserializer implements Deserializer<IngressRecord> {

    /** The Apicurio (and Confluent) magic byte. */
    public static final byte MAGIC = 0x0;
    /** Magic byte plus the 4-byte id. */
    public static final int HEADER_SIZE = 5;

    private final SchemaLookup schemas;

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
        long globalId = ((data[1] & 0xffL) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        SchemaAnswer answer = schemas.byGlobalId(globalId);
        if (answer instanceof SchemaAnswer.Unknown unknown) {
            throw new EnvelopeException(ViolationCode.UNKNOWN_SCHEMA, "the record names schema global id " + globalId
                    + ", " + unknown.why(), globalId);
        }
        ResolvedSchema schema = ((SchemaAnswer.Known) answer).schema();
        try {
            schema.validator().walk(data);
            return new IngressRecord(data, schema);
        } catch (MalformedRecordException e) {
            throw new EnvelopeException(ViolationCode.MALFORMED_RECORD, "the value cannot be decoded with its writer "
                    + "schema " + schema.coordinates() + " (global id " + globalId + "): " + e.getMessage(), globalId);
        }
    }
}
