package dev.meshbone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Five of the chaos benchmark's faults, small enough for every build: one of two governance JVMs SIGKILLed under
 * steady load and restarted on its state directory; the catalog projector's JVM the same; the publishing service;
 * the registry down for 30 s while records of a new schema version arrive; the broker SIGKILLed and restarted on its
 * log. Asserts the outcome, not its speed (that
 * is the benchmark's table).
 */
class ChaosBenchIT {

    private static final int RECORDS = 50_000;

    /** A governance instance, or the broker (on its log: open transactions are finished or aborted), crashes. */
    @ParameterizedTest
    @EnumSource(value = ChaosBench.Scenario.class, names = {"GOVERNANCE_KILL", "BROKER_CRASH"})
    void shouldLoseAndDoubleNothingWhenGovernanceOrTheBrokerCrashesMidStream(ChaosBench.Scenario scenario) {
        // When
        ChaosBench.Result result = run(scenario);

        // Then: every record acknowledged is on the public topic or in quarantine, once; the catalog counts them
        assertExactlyOnceAndCounted(result);
        // About 10 % are invalid (malformed, a failing rule, an untagged e-mail), quarantined with the rest
        assertThat(result.quarantined()).isBetween(2_500L, 7_500L);
        assertThat(result.recoverySeconds()).as("records sent after the crash reached an output").isPositive();
    }

    @Test
    void shouldKeepTheCatalogCountsExactWhenTheCatalogIsKilledMidStream() {
        // When
        ChaosBench.Result result = run(ChaosBench.Scenario.CATALOG_KILL);

        // Then: governance went on; the restarted catalog counts again, and counts each record once
        assertExactlyOnceAndCounted(result);
        assertThat(result.recoverySeconds()).as("the catalog's counts moved after the restart").isPositive();
    }

    @Test
    void shouldDeliverEveryAcknowledgedRecordOnceWhenThePublisherIsKilledMidBatch() {
        // When
        ChaosBench.Result result = run(ChaosBench.Scenario.PUBLISHER_KILL);

        // Then: every record is acknowledged in the end (the restart published what the first run had not seen
        // acknowledged); none is missing; a record in flight at the kill may be there twice, nothing else
        assertThat(result.sent()).isEqualTo(RECORDS);
        assertThat(result.lost()).isZero();
        assertThat(result.publicRecords() + result.quarantined()).isEqualTo(result.sent() + result.duplicates());
        assertThat(result.duplicates()).as("at most the records in flight at the kill").isLessThan(2_500);
        assertThat(result.catalogEqual()).as("catalog %s", result.catalog()).isTrue();
    }

    @Test
    void shouldHoldAndThenPassRecordsOfANewSchemaThroughARegistryOutage() {
        // When
        ChaosBench.Result result = run(ChaosBench.Scenario.REGISTRY_OUTAGE);

        // Then: the records whose schema governance could not look up waited, none quarantined for it or lost
        assertExactlyOnceAndCounted(result);
        assertThat(result.quarantined()).as("the usual 10 %, no more").isBetween(2_500L, 7_500L);
        assertThat(result.recoverySeconds()).as("the last record sent during the outage came through after it")
                .isGreaterThan(30);
    }

    private static ChaosBench.Result run(ChaosBench.Scenario scenario) {
        ChaosBench chaos = new ChaosBench();
        chaos.records = RECORDS;
        chaos.rate = 2_500;
        chaos.heap = "256m";
        chaos.scenarios = List.of(scenario);
        return chaos.runScenarios().get(0);
    }

    private static void assertExactlyOnceAndCounted(ChaosBench.Result result) {
        assertThat(result.sent()).isEqualTo(RECORDS);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.publicRecords() + result.quarantined()).isEqualTo(result.sent());
        assertThat(result.catalogEqual()).as("the catalog counts what the outputs hold: %s", result.catalog())
                .isTrue();
    }
}
