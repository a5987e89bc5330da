package dev.meshbone.sdk;

import java.time.Instant;
import java.util.Map;

/**
 * One record of a data product, as {@link MeshConsumer} hands it out: the typed value and the mesh headers the SDK
 * wrote (a header the producer did not write is null, or 0 for the major version).
 *
 * @param topic         where it was read
 * @param partition     its partition
 * @param offset        its offset
 * @param key           the key (UTF-8), or null
 * @param value         the record
 * @param productId     {@code mesh.product.id}, {@code <domain>.<product>}
 * @param majorVersion  {@code mesh.product.major}
 * @param schemaVersion {@code mesh.schema.version}, the registry version the producer wrote with
 * @param eventTime     {@code mesh.event.time}, when the event happened
 * @param producerId    {@code mesh.producer.id}, the producing service
 * @param traceId       {@code mesh.trace.id}, or null
 * @param headers       every header of the record, decoded as UTF-8 (the last value of a repeated key)
 * @param <T>           the value type
 */
public record MeshRecord<T>(String topic, int partition, long offset, String key, T value, String productId,
                            int majorVersion, String schemaVersion, Instant eventTime, String producerId,
                            String traceId, Map<String, String> headers) {
    /** Makes the headers map unmodifiable. */
    public MeshRecord {
        headers = Map.copyOf(headers);
    }
}
