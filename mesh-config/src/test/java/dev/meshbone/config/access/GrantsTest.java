package dev.meshbone.config.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.events.AccessGrant;
import dev.meshbone.schemas.MeshTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class GrantsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void shouldTellLiveFromExpiredGrantsAndForgetRevokedOnes() {
        Grants grants = Grants.of(List.of(
                record("sales.orders", "analytics", grant("sales.orders", "analytics", null)),
                record("sales.returns", "analytics", grant("sales.returns", "analytics", NOW.minusSeconds(1))),
                record("sales.orders", "bi", grant("sales.orders", "bi", NOW.plusSeconds(60))),
                record("sales.refunds", "bi", grant("sales.refunds", "bi", null)),
                record("sales.refunds", "bi", null)));

        assertThat(grants.live(NOW)).containsOnlyKeys("analytics", "bi");
        assertThat(grants.live("analytics", NOW)).containsExactly("sales.orders");
        assertThat(grants.live("bi", NOW)).containsExactly("sales.orders");
        assertThat(grants.expired(NOW)).containsOnlyKeys("analytics");
        assertThat(grants.expired(NOW).get("analytics")).containsEntry("sales.returns", NOW.minusSeconds(1));
        assertThat(grants.get("sales.refunds", "bi")).isEmpty();
        // The end is exclusive: at that instant the grant is over.
        assertThat(grants.live("bi", NOW.plusSeconds(60))).isEmpty();
    }

    private static AccessGrant grant(String product, String team, Instant ends) {
        return AccessGrant.newBuilder().setProductId(product).setTeam(team).setGrantedBy("admin")
                .setGrantedAt(NOW.minusSeconds(3600)).setExpiresAt(ends).build();
    }

    private static ConsumerRecord<byte[], byte[]> record(String product, String team, AccessGrant grant) {
        return new ConsumerRecord<>(MeshTopics.ACCESS, 0, 0, Grants.key(product, team).getBytes(StandardCharsets.UTF_8),
                grant == null ? null : Grants.encode(grant));
    }
}
