package dev.meshbone.governance.record;

import dev.meshbone.contract.pii.PersonalDataPolicy.Treatment;
import dev.meshbone.contract.pii.keys.DataKey;
import dev.meshbone.contract.pii.keys.SubjectCipher;
import dev.meshbone.events.PiiProtection;
import dev.meshbone.governance.pii.Protection;
import dev.meshbone.governance.pii.RecordPlan;
import dev.meshbone.governance.pii.UntaggedPii;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * What one walk of {@link RecordProgram} found in a record's bytes: the first string holding personal data no tag
 * covers, where the fields the rules read are, and where the values to protect are. Used by one thread.
 */
public final class RecordWalk {

    private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

    private final RecordProgram program;
    private final byte[] framed;
    private UntaggedPii untagged;
    private int[] readStart;
    private int[] readEnd;
    private RecordProgram.EditOp[] edits;
    private int[] editStart;
    private int[] editEnd;
    private int editCount;
    private boolean sizedBlock;
    private GenericRecord view;

    RecordWalk(RecordProgram program, byte[] framed) {
        this.program = program;
        this.framed = framed;
    }

    /** The first string, in schema order, holding what looks like personal data of a category its field allows not. */
    public Optional<UntaggedPii> untaggedPii() {
        return Optional.ofNullable(untagged);
    }

    /**
     * The record as the rules read it, before protection: a record of the writer schema in which the fields the
     * program reads are decoded (every field when the rules may read any), the others null.
     */
    public GenericRecord view() {
        if (view == null) {
            view = program.wholeRecord() ? decodeWhole() : decodeRead();
        }
        return view;
    }

    /** The program that walked the record. */
    public RecordProgram program() {
        return program;
    }

    /**
     * The framed record with its tagged values protected as the policy says: the header and every untouched byte
     * range copied, each protected value encoded anew; the original bytes when nothing is to be protected.
     *
     * @param subjectKey the data key of the record's subject for ENCRYPT; null drops ENCRYPTed values instead
     */
    public byte[] protect(Protection protection, DataKey subjectKey) {
        if (editCount == 0) {
            return framed;
        }
        if (sizedBlock) {
            // Blocks that carry their byte size (a writer's choice Avro allows) would need their sizes rewritten.
            return protectDecoded(protection, subjectKey);
        }
        Out out = new Out(framed.length + 64 * editCount);
        int copied = 0;
        for (int i = 0; i < editCount; i++) {
            out.write(framed, copied, editStart[i] - copied);
            replace(edits[i], editStart[i], protection, subjectKey, out);
            copied = editEnd[i];
        }
        out.write(framed, copied, framed.length - copied);
        return out.toByteArray();
    }

    boolean found() {
        return untagged != null;
    }

    void found(UntaggedPii finding) {
        untagged = finding;
    }

    void read(int field, int start, int end) {
        if (readStart == null) {
            readStart = new int[program.writer().getFields().size()];
            readEnd = new int[readStart.length];
            Arrays.fill(readStart, -1);
        }
        readStart[field] = start;
        readEnd[field] = end;
    }

    void edit(RecordProgram.EditOp op, int start, int end) {
        if (edits == null) {
            edits = new RecordProgram.EditOp[4];
            editStart = new int[4];
            editEnd = new int[4];
        } else if (editCount == edits.length) {
            edits = Arrays.copyOf(edits, editCount * 2);
            editStart = Arrays.copyOf(editStart, editCount * 2);
            editEnd = Arrays.copyOf(editEnd, editCount * 2);
        }
        edits[editCount] = op;
        editStart[editCount] = start;
        editEnd[editCount] = end;
        editCount++;
    }

    void sizedBlock() {
        sizedBlock = true;
    }

    private void replace(RecordProgram.EditOp op, int start, Protection protection, DataKey key, Out out) {
        if (op.treatment instanceof Treatment.Drop drop) {
            byte[] replacement = op.dropped(drop);
            out.write(replacement, 0, replacement.length);
            return;
        }
        Treatment.Tokenize t = (Treatment.Tokenize) op.treatment;
        AvroCursor in = new AvroCursor(framed, start, framed.length);
        if (op.schema.getType() == Schema.Type.UNION) {
            in.readInt(); // the string's branch: null ones are not edits
        }
        int length = in.readLength();
        String value = new String(framed, in.pos, length, StandardCharsets.UTF_8);
        Object token;
        if (t.protection() != PiiProtection.ENCRYPT) {
            token = protection.protect(t.protection(), value, t.category().name());
        } else {
            token = key == null ? t.fallback().value() : SubjectCipher.encrypt(value, key);
        }
        if (op.schema.getType() == Schema.Type.STRING && token instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeLong(utf8.length);
            out.write(utf8, 0, utf8.length);
        } else {
            byte[] encoded = encode(op.writer, token);
            out.write(encoded, 0, encoded.length);
        }
    }

    private GenericRecord decodeWhole() {
        return (GenericRecord) decode(program.wholeReader(), RecordProgram.HEADER, framed.length);
    }

    private GenericRecord decodeRead() {
        GenericData.Record record = new GenericData.Record(program.writer());
        if (readStart != null) {
            for (int i = 0; i < readStart.length; i++) {
                if (readStart[i] >= 0) {
                    record.put(i, decode(program.fieldReader(i), readStart[i], readEnd[i]));
                }
            }
        }
        return record;
    }

    private Object decode(GenericDatumReader<Object> reader, int start, int end) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(framed, start, end - start, DECODERS.get());
        DECODERS.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // walked and valid: cannot happen
        }
    }

    /** The plain path: the whole record decoded, protected in place, encoded again. */
    private byte[] protectDecoded(Protection protection, DataKey key) {
        GenericRecord record = decodeWhole();
        RecordPlan.protect(record, program.policy(), protection, key);
        byte[] body = encode(program.wholeWriter(), record);
        byte[] out = Arrays.copyOf(framed, RecordProgram.HEADER + body.length);
        System.arraycopy(body, 0, out, RecordProgram.HEADER, body.length);
        return out;
    }

    static byte[] encode(GenericDatumWriter<Object> writer, Object value) {
        Out out = new Out(64);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A growable byte buffer without ByteArrayOutputStream's locks. */
    private static final class Out extends OutputStream {
        private byte[] buf;
        private int count;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        /** Avro's zig-zag varint. */
        void writeLong(long n) {
            ensure(10);
            long z = (n << 1) ^ (n >> 63);
            while ((z & ~0x7FL) != 0) {
                buf[count++] = (byte) ((z & 0x7f) | 0x80);
                z >>>= 7;
            }
            buf[count++] = (byte) z;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }
}
