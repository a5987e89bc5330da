package dev.meshbone.governance.check;

import dev.meshbone.governance.envelope.Unreadable;

/**
 * Check 1: the value is a framed record of a known writer schema, exactly one record of it (what the ingress
 * deserializer found, with its reason).
 */
final class EnvelopeCheck implements Check {

    @Override
    public Verdict check(CheckInput in) {
        Unreadable unreadable = in.unreadable();
        return unreadable == null ? Verdict.PASS : Verdict.refuse(unreadable.code(), unreadable.message());
    }
}
