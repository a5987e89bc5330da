package dev.meshbone.catalog.api;

import static dev.meshbone.catalog.CatalogFixtures.descriptor;
import static dev.meshbone.catalog.CatalogFixtures.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.meshbone.catalog.ProjectedCatalog;
import dev.meshbone.events.CatalogEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CatalogQueriesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Map<String, CatalogEntry> PROJECTED = ProjectedCatalog.of(T0, f -> f
            .announce(descriptor("sales", "orders", 1).build())
            .announce(descriptor("sales", "returns", 1).build())
            .announce(descriptor("customers", "profiles", 1).build())
            .stats(stats("sales.orders", T0.minusSeconds(60), 10, 0, 0, T0.minusSeconds(30))));

    /** A view over a map that counts full reads, and runs {@code duringAll} in the middle of one. */
    private static final class CountingView implements CatalogView {
        final Map<String, CatalogEntry> entries = new ConcurrentSkipListMap<>(PROJECTED);
        final AtomicInteger reads = new AtomicInteger();
        Consumer<List<CatalogEntry>> duringAll = read -> { };

        @Override
        public Optional<CatalogEntry> get(String productId) {
            return Optional.ofNullable(entries.get(productId));
        }

        @Override
        public List<CatalogEntry> all() {
            reads.incrementAndGet();
            List<CatalogEntry> read = List.copyOf(entries.values());
            duringAll.accept(read);
            return read;
        }

        @Override
        public long size() {
            return entries.size();
        }
    }

    private static List<String> ids(Dto.ProductList list) {
        return list.products().stream().map(Dto.ProductSummary::id).toList();
    }

    @Test
    void shouldReadTheStoreOnceThenFollowChanges() {
        // Given
        CountingView view = new CountingView();
        CatalogIndex index = new CatalogIndex(view, Clock.fixed(T0, ZoneOffset.UTC));
        CatalogQueries queries = new CatalogQueries(view, index, Clock.fixed(T0, ZoneOffset.UTC), () -> null);

        // When
        Dto.ProductList first = queries.list(ProductQuery.FIRST_PAGE);
        queries.domains();

        // Then
        assertThat(ids(first)).containsExactly("customers.profiles", "sales.orders", "sales.returns");
        assertThat(view.reads).hasValue(1);

        // When: one product leaves, another changes
        index.onChange("sales.returns", null);
        index.onChange("customers.profiles", CatalogEntry.newBuilder(PROJECTED.get("customers.profiles"))
                .setTitle("Profiles, renamed").build());
        Dto.ProductList second = queries.list(ProductQuery.FIRST_PAGE);

        // Then: without reading the store again
        assertThat(ids(second)).containsExactly("customers.profiles", "sales.orders");
        assertThat(second.products().get(0).title()).isEqualTo("Profiles, renamed");
        assertThat(queries.domains().domains()).extracting(Dto.Domain::domain, Dto.Domain::products)
                .containsExactly(tuple("customers", 1),
                        tuple("sales", 1));
        assertThat(view.reads).hasValue(1);
    }

    @Test
    void shouldNotKeepAProductRemovedWhileTheStoreWasRead() {
        // Given: a removal heard after the store was read, before the read was taken in
        CountingView view = new CountingView();
        CatalogIndex index = new CatalogIndex(view, Clock.fixed(T0, ZoneOffset.UTC));
        view.duringAll = read -> {
            view.entries.remove("sales.returns");
            index.onChange("sales.returns", null);
        };
        CatalogQueries queries = new CatalogQueries(view, index, Clock.fixed(T0, ZoneOffset.UTC), () -> null);

        // When
        Dto.ProductList list = queries.list(ProductQuery.FIRST_PAGE);

        // Then
        assertThat(ids(list)).containsExactly("customers.profiles", "sales.orders");
        assertThat(list.total()).isEqualTo(2);
    }

    @Test
    void shouldShowTheTimeSinceTheLastAcceptedRecordAsOfTheRequest() {
        // Given: rows computed at T0
        CountingView view = new CountingView();
        CatalogIndex index = new CatalogIndex(view, Clock.fixed(T0, ZoneOffset.UTC));
        index.rows();

        // When: asked a minute later
        Dto.ProductList list = new CatalogQueries(view, index, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC),
                () -> null).list(new ProductQuery(ProductFilter.NONE, 1, 1));

        // Then
        assertThat(ids(list)).containsExactly("sales.orders");
        assertThat(list.products().get(0).slo().freshness().millisSinceLastAccepted()).isEqualTo(90_000L);
    }
}
