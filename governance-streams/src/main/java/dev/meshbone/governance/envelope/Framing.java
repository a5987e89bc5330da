package dev.meshbone.governance.envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes a record in the framing {@link IngressDeserializer} reads (and the SDK's Apicurio serializer writes):
 * {@code 0x00}, the global id as int32, Avro binary. For tools, demos and tests that produce records without the
 * SDK; the governance hot path has its own buffer-reusing writer.
 */
public final class Framing {

    private Framing() {
    }

    /** The framed bytes of a record written with its own schema under {@code globalId}. */
    public static byte[] frame(long globalId, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(IngressDeserializer.MAGIC);
            out.write(ByteBuffer.allocate(4).putInt((int) globalId).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
