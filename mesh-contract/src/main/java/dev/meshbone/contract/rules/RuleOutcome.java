package dev.meshbone.contract.rules;

/**
 * The result of a rule on one record.
 *
 * @param passed true when the expression evaluated to true
 * @param reason why it failed, never a field value (it ends up in violation events); null when it passed
 */
public record RuleOutcome(boolean passed, String reason) {

    static final RuleOutcome PASSED = new RuleOutcome(true, null);
    static final RuleOutcome FALSE = new RuleOutcome(false, "the expression is false");
}
