package dev.meshbone.catalog.api;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.catalog.ProjectedCatalog;
import dev.meshbone.events.CatalogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatalogQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldReuseListSnapshotUntilCatalogChangesOrASecondPasses() {
        // Given
        Map<String, CatalogEntry> entries = ProjectedCatalog.of(T0, f -> f.announce(descriptor("sales", "orders", 1).build()));
        AtomicInteger reads = new AtomicInteger();
        CatalogView view = new CatalogView() {
            @Override
            public Optional<CatalogEntry> get(String productId) {
                return Optional.ofNullable(entries.get(productId));
            }

            @Override
            public List<CatalogEntry> all() {
                reads.incrementAndGet();
                return List.copyOf(entries.values());
            }

            @Override
            public long size() {
                return entries.size();
            }
        };
        MovableClock clock = new MovableClock();
        AtomicLong version = new AtomicLong();
        CatalogQueries queries = new CatalogQueries(view, clock, version::get, () -> null);

        // When
        queries.list(ProductQuery.FIRST_PAGE);
        queries.list(ProductQuery.FIRST_PAGE);
        queries.domains();

        // Then
        assertThat(reads).hasValue(1);

        // When: the catalog changes
        version.incrementAndGet();
        queries.list(ProductQuery.FIRST_PAGE);

        // Then
        assertThat(reads).hasValue(2);

        // When: a second passes
        clock.now = T0.plusMillis(1000);
        Dto.ProductList list = queries.list(ProductQuery.FIRST_PAGE);

        // Then
        assertThat(reads).hasValue(3);
        assertThat(list.total()).isEqualTo(1);
    }
}
