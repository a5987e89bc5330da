package dev.meshbone.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.contract.DataProduct;
import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.testkit.samples.ContractCase;
import dev.meshbone.testkit.samples.ContractCases;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The SDK's view of the shared personal-data cases: what a declaration says will happen, and what it warns about. */
class ContractCasesTest {

    static Stream<ContractCase> cases() {
        return ContractCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldDeclareWhatGovernanceAppliesAndTheCatalogShows(ContractCase c) {
        // When
        DataProduct product = c.product();

        // Then
        Map<String, String> declared = new TreeMap<>();
        product.personalData().decisions().forEach(d -> declared.put(d.path(), d.category() + " " + d.applied()));
        Map<String, String> expected = new TreeMap<>();
        c.expected().forEach((path, a) -> expected.put(path, a.category() + " " + a.applied()));
        assertThat(declared).isEqualTo(expected);

        List<String> fallbacks = product.personalData().decisions().stream()
                .filter(PersonalDataPolicy.Decision::fallsBackToDrop).map(d -> "schema." + d.path() + " ").toList();
        assertThat(product.warnings()).hasSameSizeAs(fallbacks);
        fallbacks.forEach(prefix -> assertThat(product.warnings()).anyMatch(w -> w.startsWith(prefix)));
    }
}
