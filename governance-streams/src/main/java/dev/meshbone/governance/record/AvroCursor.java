package dev.meshbone.governance.record;

/**
 * Reads Avro binary in place, refusing what Avro's {@code BinaryDecoder} refuses (over-long varints, negative or
 * overrunning lengths), without building objects.
 */
final class AvroCursor {

    /**
     * How many records deep a walk may go. A recursive schema lets a few bytes a level nest records without bound:
     * deeper than this, the walk (and Avro's decoder, which governance runs on what the walk admits) would overflow
     * the stack. Protobuf's default recursion limit is the same.
     */
    static final int MAX_DEPTH = 100;

    final byte[] bytes;
    final int end;
    int pos;
    /** Records entered and not yet left. */
    int depth;

    AvroCursor(byte[] bytes, int offset, int end) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = end;
    }

    long readLong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw truncated("a number");
            }
            int b = bytes[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedRecordException("invalid long encoding at byte " + pos);
    }

    int readInt() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= end) {
                throw truncated("a number");
            }
            int b = bytes[pos++] & 0xff;
            raw |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedRecordException("invalid int encoding at byte " + pos);
    }

    /** A string's or bytes' length, checked against what is left. */
    int readLength() {
        long length = readLong();
        if (length < 0) {
            throw new MalformedRecordException("negative length " + length + " at byte " + pos);
        }
        if (length > end - pos) {
            throw truncated("a value of " + length + " bytes");
        }
        return (int) length;
    }

    /** An index (union branch, enum symbol) below {@code bound}. */
    int readIndex(int bound, String what) {
        int index = readInt();
        if (index < 0 || index >= bound) {
            throw new MalformedRecordException(what + " index " + index + " out of range (" + bound + ") at byte "
                    + pos);
        }
        return index;
    }

    void skip(int n) {
        if (n > end - pos) {
            throw truncated(n + " bytes");
        }
        pos += n;
    }

    private MalformedRecordException truncated(String what) {
        return new MalformedRecordException("the record ends inside " + what + " at byte " + pos);
    }
}
