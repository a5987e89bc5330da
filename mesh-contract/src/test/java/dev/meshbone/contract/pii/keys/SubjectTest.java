package dev.meshbone.contract.pii.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectTest {

    @Test
    void shouldParseKindAndIdAtTheFirstColon() {
        assertThat(Subject.parse("customer:C-123")).isEqualTo(new Subject("customer", "C-123"));
        assertThat(Subject.parse("employee:urn:hr:42")).isEqualTo(new Subject("employee", "urn:hr:42"));
        assertThat(Subject.parse("customer:C-123")).hasToString("customer:C-123");
        assertThat(Subject.of("customer", "42")).contains(new Subject("customer", "42"));
        assertThat(Subject.of("customer", "")).isEmpty();
        assertThat(Subject.of("customer", "a\tb")).isEmpty();
        assertThat(Subject.of("customer", null)).isEmpty();
    }

    @Test
    void shouldRefuseMalformedSubjectsInOneLine() {
        assertThatThrownBy(() -> Subject.parse("C-123")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'C-123' is not a data subject: expected <kind>:<id>, e.g. customer:C-123");
        assertThatThrownBy(() -> Subject.parse(null)).hasMessageContaining("expected <kind>:<id>");
        assertThatThrownBy(() -> Subject.parse("Customer:C-1")).hasMessage("'Customer' is not a kind of data "
                + "subject: use lower-case letters, digits and '-', starting with a letter, at most 40 characters, e.g. "
                + "customer");
        assertThatThrownBy(() -> Subject.parse(":C-1")).hasMessageStartingWith("'' is not a kind");
        assertThatThrownBy(() -> Subject.parse("customer:")).hasMessage("the id of a customer is empty");
        assertThatThrownBy(() -> Subject.parse("customer:C\n1")).hasMessage("the id of a customer holds a control "
                + "character");
        assertThatThrownBy(() -> new Subject("a".repeat(41), "1")).hasMessageContaining("at most 40 characters");
    }
}
