package dev.meshbone.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductQueryTest {

    @Test
    void shouldDefaultToTheFirstPage() {
        assertThat(ProductQuery.parse(Map.of())).isEqualTo(new ProductQuery.Valid(ProductQuery.FIRST_PAGE));
        assertThat(ProductQuery.parse(Map.of("offset", List.of(" "), "limit", List.of(""))))
                .isEqualTo(new ProductQuery.Valid(ProductQuery.FIRST_PAGE));
    }

    @Test
    void shouldParsePagingBesideFilters() {
        assertThat(ProductQuery.parse(Map.of("offset", List.of("200"), "limit", List.of(" 1000 "), "domain", List.of("sales"))))
                .isEqualTo(new ProductQuery.Valid(new ProductQuery(
                        new ProductFilter("sales", null, null, null, null, null, List.of()), 200, 1000)));
    }

    @Test
    void shouldRefuseAPageOutOfRange() {
        assertThat(ProductQuery.parse(Map.of("limit", List.of("0"))))
                .isEqualTo(new ProductQuery.Invalid("limit must be a whole number from 1 to 1000, not '0'"));
        assertThat(ProductQuery.parse(Map.of("limit", List.of("1001"))))
                .isEqualTo(new ProductQuery.Invalid("limit must be a whole number from 1 to 1000, not '1001'"));
        assertThat(ProductQuery.parse(Map.of("offset", List.of("-1"))))
                .isEqualTo(new ProductQuery.Invalid("offset must be a whole number from 0, not '-1'"));
        assertThat(ProductQuery.parse(Map.of("offset", List.of("99999999999"))))
                .isEqualTo(new ProductQuery.Invalid("offset must be a whole number from 0, not '99999999999'"));
        assertThat(ProductQuery.parse(Map.of("offset", List.of("1e3"))))
                .isInstanceOf(ProductQuery.Invalid.class);
    }

    @Test
    void shouldRefuseRepeatedOrUnknownParameters() {
        assertThat(ProductQuery.parse(Map.of("tag", List.of("a", "b"))))
                .isEqualTo(new ProductQuery.Invalid("parameter 'tag' given 2 times; give it once"));
        assertThat(ProductQuery.parse(Map.of("page", List.of("5"))))
                .isEqualTo(new ProductQuery.Invalid("unknown parameter 'page'; filters are "
                        + "[domain, owner, pii, q, slo, status, tag], paging [limit, offset]"));
    }

    @Test
    void shouldPassOnABadFilterValue() {
        assertThat(ProductQuery.parse(Map.of("pii", List.of("maybe"), "limit", List.of("5"))))
                .isEqualTo(new ProductQuery.Invalid("pii must be true or false, not 'maybe'"));
    }
}
