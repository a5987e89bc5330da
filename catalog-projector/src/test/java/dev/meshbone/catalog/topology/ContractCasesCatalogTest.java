package dev.meshbone.catalog.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meshbone.catalog.ProjectedCatalog;
import dev.meshbone.events.CatalogEntry;
import dev.meshbone.events.FieldSummary;
import dev.meshbone.testkit.samples.ContractCase;
import dev.meshbone.testkit.samples.ContractCases;
import dev.meshbone.testkit.samples.MajorsCase;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalog's entry for the shared personal-data cases: the protection it shows per field. */
class ContractCasesCatalogTest {

    static Stream<ContractCase> cases() {
        return ContractCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldShowTheProtectionGovernanceApplies(ContractCase c) {
        // When
        Map<String, CatalogEntry> catalog = ProjectedCatalog.of(Instant.ofEpochMilli(1_700_000_000_000L),
                facts -> facts.announce(c.descriptor(500)));

        // Then
        Map<String, String> shown = new TreeMap<>();
        for (FieldSummary f : catalog.get("cases." + c.productName()).getCurrentSchema().getFields()) {
            if (f.getProtection() != null) {
                shown.put(f.getPath(), f.getPiiCategory() + " " + f.getProtection());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        c.expected().forEach((path, a) -> expected.put(path, a.category() + " " + a.applied()));
        assertThat(shown).isEqualTo(expected);
    }

    static Stream<MajorsCase> majors() {
        return MajorsCase.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("majors")
    void shouldDescribeTheCurrentMajor(MajorsCase c) {
        // When
        Map<String, CatalogEntry> catalog = ProjectedCatalog.of(Instant.ofEpochMilli(1_700_000_000_000L),
                facts -> c.descriptors("sales").forEach(facts::announce));

        // Then
        assertThat(catalog.get("sales.orders").getCurrentSchema().getMajorVersion()).isEqualTo(c.current());
    }
}
