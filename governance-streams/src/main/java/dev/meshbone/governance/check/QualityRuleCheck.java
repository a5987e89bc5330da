package dev.meshbone.governance.check;

import dev.meshbone.contract.rules.RuleOutcome;
import dev.meshbone.events.RuleAction;
import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.contract.CompiledContract.Rule;
import dev.meshbone.governance.routing.Violations.Finding;

/**
 * Check 5, for one of the contract's quality rules: a failure refuses the record when the rule says QUARANTINE and
 * warns when it says WARN. A rule that does not compile (announced past the SDK) fails every record.
 */
final class QualityRuleCheck {

    Verdict check(Rule rule, CheckInput in) {
        String failure;
        if (rule.program() == null) {
            failure = "the rule does not compile: " + rule.compileError();
        } else {
            RuleOutcome outcome = in.evaluate(rule.program());
            if (outcome.passed()) {
                return Verdict.PASS;
            }
            failure = outcome.reason();
        }
        Finding finding = new Finding(ViolationCode.RULE_FAILED, rule.action(),
                "quality rule '" + rule.id() + "' failed: " + failure, null, rule.id(), null);
        return rule.action() == RuleAction.QUARANTINE ? new Verdict.Refuse(finding) : new Verdict.Warn(finding);
    }
}
