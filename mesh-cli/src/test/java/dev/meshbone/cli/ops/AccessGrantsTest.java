package dev.meshbone.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessGrantsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void shouldReadTheEndOfAGrantInShortOrIsoForm() {
        assertThat(AccessGrants.endAfter(NOW, "30d")).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertThat(AccessGrants.endAfter(NOW, "12h")).isEqualTo(NOW.plus(Duration.ofHours(12)));
        assertThat(AccessGrants.endAfter(NOW, "45m")).isEqualTo(NOW.plus(Duration.ofMinutes(45)));
        assertThat(AccessGrants.endAfter(NOW, "P2D")).isEqualTo(NOW.plus(Duration.ofDays(2)));
        assertThat(AccessGrants.endAfter(NOW, "PT90S")).isEqualTo(NOW.plusSeconds(90));
        assertThat(AccessGrants.until("2027-06-30")).isEqualTo(Instant.parse("2027-06-30T00:00:00Z"));
        assertThat(AccessGrants.until("2027-06-30T18:00:00Z")).isEqualTo(Instant.parse("2027-06-30T18:00:00Z"));
    }

    @Test
    void shouldRefuseAnEndItCannotReadInOneLine() {
        assertThatThrownBy(() -> AccessGrants.endAfter(NOW, "soon")).hasMessage("--for takes 30d, 12h, 45m or an "
                + "ISO-8601 duration (P30D, PT1H); got 'soon'");
        assertThatThrownBy(() -> AccessGrants.endAfter(NOW, "-PT1H")).hasMessage("--for must be positive, got -PT1H");
        assertThatThrownBy(() -> AccessGrants.until("June")).hasMessageStartingWith("--until takes an ISO instant");
    }
}
