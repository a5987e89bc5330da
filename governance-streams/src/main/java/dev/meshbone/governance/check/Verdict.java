package dev.meshbone.governance.check;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.routing.Violations.Finding;

/** What one check says of one record. */
public sealed interface Verdict {

    /** The record passed; one shared instance, so a passing check allocates nothing. */
    Verdict PASS = new Pass();

    /** The record passed this check. */
    record Pass() implements Verdict {
    }

    /** The record still goes public, with a violation event for the finding (a failed WARN rule). */
    record Warn(Finding finding) implements Verdict {
    }

    /** The record goes to quarantine for the finding; no later check runs. */
    record Refuse(Finding finding) implements Verdict {
    }

    /** A refusal that names no field or rule. */
    static Verdict refuse(ViolationCode code, String message) {
        return new Refuse(Finding.quarantine(code, message));
    }
}
