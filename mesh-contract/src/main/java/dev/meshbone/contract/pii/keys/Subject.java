package dev.meshbone.contract.pii.keys;

import dev.meshbone.contract.pii.DataSubject;
import java.util.Optional;

/**
 * One data subject: a kind ({@code customer}) and the id a record's subject field holds ({@code C-123}).
 *
 * @param kind the kind, {@link DataSubject#KIND}
 * @param id   the id as text (an int or long id in decimal); not empty, no control characters
 */
public record Subject(String kind, String id) {

    /** @throws IllegalArgumentException in one line, saying what is wrong */
    public Subject {
        if (kind == null || !DataSubject.KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("'" + kind + "' is not a kind of data subject: use lower-case letters, "
                    + "digits and '-', starting with a letter, at most 40 characters, e.g. customer");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("the id of a " + kind + " is empty");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the id of a " + kind + " holds a control character");
        }
    }

    /**
     * The subject a record's subject field names, or empty when the id cannot name one (empty, or holding a control
     * character): such a record's ENCRYPTed fields are dropped.
     */
    public static Optional<Subject> of(String kind, String id) {
        return id == null || id.isEmpty() || id.chars().anyMatch(Character::isISOControl) ? Optional.empty()
                : Optional.of(new Subject(kind, id));
    }

    /**
     * Reads {@code <kind>:<id>}, e.g. {@code customer:C-123} (the id may hold further colons).
     *
     * @throws IllegalArgumentException in one line when it is not of that form
     */
    public static Subject parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a data subject: expected <kind>:<id>, e.g. "
                    + "customer:C-123");
        }
        return new Subject(text.substring(0, colon), text.substring(colon + 1));
    }

    /** {@code <kind>:<id>}; it holds the id in clear, so never log it. */
    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
