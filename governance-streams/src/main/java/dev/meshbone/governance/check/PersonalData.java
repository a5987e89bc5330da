package dev.meshbone.governance.check;

import dev.meshbone.events.RuleAction;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.pii.UntaggedPii;
import dev.meshbone.governance.routing.Violations.Finding;
import java.util.Optional;

/**
 * Check 4: no string that no category covers ({@code "pii": "NONE"} included) holds what looks like personal data,
 * but for the categories its field allows. The finding names the field and the category, never the value.
 */
final class PersonalData implements Check {

    @Override
    public Verdict check(CheckInput in) {
        Optional<UntaggedPii> untagged = in.untaggedPii();
        if (untagged.isEmpty()) {
            return Verdict.PASS;
        }
        UntaggedPii u = untagged.get();
        return new Verdict.Refuse(new Finding(ViolationCode.UNTAGGED_PII, RuleAction.QUARANTINE, u.message(),
                u.fieldPath(), null, null));
    }
}
