package dev.meshbone.sdk;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One record of a data product, as {@link MeshConsumer} hands it out: the typed value and the mesh headers the SDK
 * wrote (a header the producer did not write is null, or 0 for the major version).
 *
 * <p>A consumer with key access ({@code keys.keystore}) hands out ENCRYPT fields decrypted. A field whose data
 * subject was forgotten ({@code mesh forget}) cannot be decrypted any more: it is null in {@link #value()} and its
 * path is in {@link #erasedFields()}. A consumer without key access sees the {@code enc:v2:} tokens as they are on
 * the topic, and {@link #erasedFields()} is always empty.
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
 * @param erasedFields  the schema paths ({@code dateOfBirth}, {@code shippingAddress.street}, {@code phones[]}) of
 *                      ENCRYPT fields whose key is gone, so null here; empty when nothing was erased
 * @param <T>           the value type
 */
public record MeshRecord<T>(String topic, int partition, long offset, String key, T value, String productId,
                            int majorVersion, String schemaVersion, Instant eventTime, String producerId,
                            String traceId, Map<String, String> headers, SortedSet<String> erasedFields) {
    /** Makes the headers map and the erased paths unmodifiable. */
    public MeshRecord {
        headers = Map.copyOf(headers);
        erasedFields = Collections.unmodifiableSortedSet(new TreeSet<>(erasedFields == null ? Set.of() : erasedFields));
    }

    /** True when at least one ENCRYPT field of this record could not be decrypted because its key is gone. */
    public boolean erased() {
        return !erasedFields.isEmpty();
    }
}
