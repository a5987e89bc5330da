package dev.meshbone.governance.routing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record held back because its product was not announced yet: everything needed to process it later, exactly
 * as it arrived. Stored in the changelogged hold store, so a crash neither loses nor duplicates it.
 */
record HeldRecord(Source source, byte[] key, byte[] value, Headers headers, long timestamp, long heldAt) {

    byte[] encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(source.topic());
            out.writeInt(source.partition());
            out.writeLong(source.offset());
            writeBytes(out, key);
            writeBytes(out, value);
            Header[] all = headers.toArray();
            out.writeInt(all.length);
            for (Header h : all) {
                out.writeUTF(h.key());
                writeBytes(out, h.value());
            }
            out.writeLong(timestamp);
            out.writeLong(heldAt);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HeldRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Source source = new Source(in.readUTF(), in.readInt(), in.readLong());
            byte[] key = readBytes(in);
            byte[] value = readBytes(in);
            RecordHeaders headers = new RecordHeaders();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                headers.add(in.readUTF(), readBytes(in));
            }
            return new HeldRecord(source, key, value, headers, in.readLong(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Store key: product, then source position, so a prefix scan yields one product's records in order. */
    String storeKey(String productId) {
        return productId + "|" + source.topic() + "|" + zeroPadded(source.partition(), 5) + "|"
                + zeroPadded(source.offset(), 20);
    }

    private static String zeroPadded(long value, int width) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
