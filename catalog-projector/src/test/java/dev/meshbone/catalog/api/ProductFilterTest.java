package dev.meshbone.catalog.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductFilterTest {

    @Test
    void shouldParseEveryFilterCaseInsensitively() {
        // When
        ProductFilter.Parsed parsed = ProductFilter.parse(Map.of("domain", List.of("sales"), "owner", List.of("crm"),
                "tag", List.of("orders"), "status", List.of("active"), "pii", List.of("TRUE"), "slo", List.of("Breached"),
                "q", List.of("  Web   Shop ")));

        // Then
        assertThat(parsed).isEqualTo(new ProductFilter.Valid(new ProductFilter("sales", "crm", "orders", "ACTIVE",
                true, true, List.of("web", "shop"))));
    }

    @Test
    void shouldTreatEmptyValuesAsNoFilter() {
        assertThat(ProductFilter.parse(Map.of("q", List.of(""), "domain", List.of(" "))))
                .isEqualTo(new ProductFilter.Valid(ProductFilter.NONE));
    }
}
