package dev.meshbone.governance.check;

import dev.meshbone.governance.contract.CompiledContract.Rule;
import dev.meshbone.governance.routing.Violations.Finding;
import java.time.Duration;
import java.util.List;

/**
 * Checks 1 to 5 of DESIGN.md in its order: the value is a record of a known writer schema, the product is known and
 * live, the writer schema is a version of its artifact and compatible with the contract, no personal data where no
 * category covers it, then each of the contract's quality rules in declaration order. Stops at the first {@link Verdict.Refuse}; collects every
 * {@link Verdict.Warn} before it. Stateless and thread-safe.
 */
public final class CheckPipeline {

    private final Check[] checks;
    private final QualityRuleCheck rule = new QualityRuleCheck();

    private CheckPipeline(Check... checks) {
        this.checks = checks;
    }

    /** The pipeline; {@code holdGrace} is how long the hold-back waits for a product's contract before check 2. */
    public static CheckPipeline inDesignOrder(Duration holdGrace) {
        return new CheckPipeline(new EnvelopeCheck(), new ProductLive(holdGrace), new SchemaIdentity(), new SchemaCompatibility(),
                new PersonalData());
    }

    /**
     * Runs the checks on one record.
     *
     * @param warnings cleared, then given the findings of the Warns met (the caller's list, reused: no list per record)
     * @return the first {@link Verdict.Refuse}, else {@link Verdict#PASS}
     */
    public Verdict run(CheckInput in, List<Finding> warnings) {
        warnings.clear();
        for (Check check : checks) {
            Verdict verdict = check.check(in);
            if (!passes(verdict, warnings)) {
                return verdict;
            }
        }
        List<Rule> rules = in.contract().rules();
        for (int i = 0; i < rules.size(); i++) { // indexed: no iterator per record
            Verdict verdict = rule.check(rules.get(i), in);
            if (!passes(verdict, warnings)) {
                return verdict;
            }
        }
        return Verdict.PASS;
    }

    /** False for a Refuse; a Warn's finding is collected. */
    private static boolean passes(Verdict verdict, List<Finding> warnings) {
        if (verdict instanceof Verdict.Refuse) {
            return false;
        }
        if (verdict instanceof Verdict.Warn warn) {
            warnings.add(warn.finding());
        }
        return true;
    }
}
