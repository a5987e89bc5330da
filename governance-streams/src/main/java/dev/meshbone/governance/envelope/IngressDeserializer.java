package dev.meshbone.governance.envelope;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.record.MalformedRecordException;
import dev.meshbone.governance.record.RecordProgram;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Check 1, the envelope: reads the Apicurio Avro framing the SDK writes ({@code 0x00}, the writer schema's global id
 * as int32 big endian, then Avro binary) into an {@link IngressRecord}, or into an {@link Unreadable} for bytes that
 * are not such a record of a known schema. Throws only {@link RegistryUnavailableException}, when the registry cannot
 * answer governance right now (a fault, never the record's: the deserialization handler fails the task). The record
 * is validated in place, not decoded: the contract's record program reads what it needs later. Thread-safe.
 */
public final class IngressDeserializer implements Deserializer<Envelope> {

    /** The Apicurio (and Confluent) magic byte. */
    public static final byte MAGIC = 0x0;
    /** Magic byte plus the 4-byte id. */
    public static final int HEADER_SIZE = 5;

    private final SchemaLookup schemas;
    private final ContractPrograms programs;

    /**
     * The record program of the contract in force for an ingress topic's product and a writer schema, or null when
     * none is (no contract yet, or the schema is not one of its artifact's compatible versions).
     */
    @FunctionalInterface
    public interface ContractPrograms {
        RecordProgram of(String topic, ResolvedSchema schema);
    }

    /** A deserializer that only validates, whatever the contracts. */
    public IngressDeserializer(SchemaLookup schemas) {
        this(schemas, (topic, schema) -> null);
    }

    /**
     * A deserializer that validates the bytes with the contract's program when one is in force, so that one walk
     * serves the envelope check and the checks after it.
     */
    public IngressDeserializer(SchemaLookup schemas, ContractPrograms programs) {
        this.schemas = schemas;
        this.programs = programs;
    }

    @Override
    public Envelope deserialize(String topic, byte[] data) {
        try {
            return read(topic, data);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever else the bytes (or a bug they hit) make the reading throw, they are the record's outcome.
            return new Unreadable(data, ViolationCode.MALFORMED_RECORD, "the record cannot be read: "
                    + e.getClass().getSimpleName(), null);
        }
    }

    private Envelope read(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            return new Unreadable(data, ViolationCode.MALFORMED_RECORD, "the record has no value", null);
        }
        if (data.length < HEADER_SIZE || data[0] != MAGIC) {
            // Concatenated, not String.format: this runs for every malformed record.
            return new Unreadable(data, ViolationCode.MALFORMED_RECORD, "the value is not an Apicurio Avro record: "
                    + "expected magic byte 0x00 and a 4-byte schema id, got " + data.length + " bytes starting with 0x"
                    + Character.forDigit((data[0] >> 4) & 0xf, 16) + Character.forDigit(data[0] & 0xf, 16), null);
        }
        long globalId = ((data[1] & 0xffL) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
        SchemaAnswer answer = schemas.byGlobalId(globalId);
        if (answer instanceof SchemaAnswer.Unknown unknown) {
            return new Unreadable(data, ViolationCode.UNKNOWN_SCHEMA, "the record names schema global id " + globalId
                    + ", " + unknown.why(), globalId);
        }
        ResolvedSchema schema = ((SchemaAnswer.Known) answer).schema();
        RecordProgram program = programs.of(topic, schema);
        try {
            // Any program validates every byte as Avro's decoder would; the contract's also does the checks' reads.
            if (program == null) {
                schema.validator().walk(data);
                return new IngressRecord(data, schema);
            }
            return new IngressRecord(data, schema, program.walk(data));
        } catch (MalformedRecordException e) {
            return new Unreadable(data, ViolationCode.MALFORMED_RECORD, "the value cannot be decoded with its writer "
                    + "schema " + schema.coordinates() + " (global id " + globalId + "): " + e.getMessage(), globalId);
        }
    }
}
