package dev.meshbone.sdk.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.schemas.MeshHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

    @ParameterizedTest
    @ValueSource(longs = {0L, 7L, 10L, 99L, 1_760_000_000_123L, Long.MAX_VALUE, -5L})
    void shouldWriteEpochMillisAsDecimalAscii(long millis) {
        assertThat(new String(Headers.decimal(millis), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(millis));
    }

    @Test
    void shouldCarryEveryMeshHeaderAndTheTraceIdOnlyWhenGiven() {
        // Given
        Headers headers = new Headers("sales.orders", 2, "7", "orders-service");

        // When
        Map<String, String> traced = decode(headers.forRecord(1_760_000_000_000L, "trace-1").toArray());
        Map<String, String> untraced = decode(headers.forRecord(1L, null).toArray());

        // Then
        assertThat(traced).containsExactlyInAnyOrderEntriesOf(Map.of(
                MeshHeaders.PRODUCT_ID, "sales.orders",
                MeshHeaders.MAJOR_VERSION, "2",
                MeshHeaders.SCHEMA_VERSION, "7",
                MeshHeaders.EVENT_TIME, "1760000000000",
                MeshHeaders.PRODUCER_ID, "orders-service",
                MeshHeaders.TRACE_ID, "trace-1"));
        assertThat(untraced).doesNotContainKey(MeshHeaders.TRACE_ID).containsEntry(MeshHeaders.EVENT_TIME, "1");
    }

    private static Map<String, String> decode(Header[] headers) {
        return Arrays.stream(headers).collect(Collectors.toMap(Header::key,
                h -> new String(h.value(), StandardCharsets.UTF_8)));
    }
}
