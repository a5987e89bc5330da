package dev.meshbone.sdk.internal.publish;

import dev.meshbone.schemas.MeshHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the mesh headers of a product's records. The four that never change for a publisher are built once and
 * shared by every record (the producer only reads them); per record only the event time (and a trace id) is new.
 */
public final class Headers {

    private final Header productId;
    private final Header majorVersion;
    private final Header schemaVersion;
    private final Header producerId;

    /** The constant headers of one publisher. */
    public Headers(String productId, int majorVersion, String schemaVersion, String producerId) {
        this.productId = header(MeshHeaders.PRODUCT_ID, productId);
        this.majorVersion = header(MeshHeaders.MAJOR_VERSION, Integer.toString(majorVersion));
        this.schemaVersion = header(MeshHeaders.SCHEMA_VERSION, schemaVersion);
        this.producerId = header(MeshHeaders.PRODUCER_ID, producerId);
    }

    /** The headers of one record. */
    public RecordHeaders forRecord(long eventTimeMillis, String traceId) {
        Header eventTime = new RecordHeader(MeshHeaders.EVENT_TIME, decimal(eventTimeMillis));
        Header[] headers = traceId == null
                ? new Header[] {productId, majorVersion, schemaVersion, eventTime, producerId}
                : new Header[] {productId, majorVersion, schemaVersion, eventTime, producerId,
                        header(MeshHeaders.TRACE_ID, traceId)};
        return new RecordHeaders(headers);
    }

    /** ASCII decimal digits of a number, without the intermediate String. */
    static byte[] decimal(long value) {
        if (value < 0) {
            return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        byte[] out = new byte[digits];
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return out;
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
