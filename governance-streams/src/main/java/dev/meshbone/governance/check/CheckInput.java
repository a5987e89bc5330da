package dev.meshbone.governance.check;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.rules.RuleOutcome;
import dev.meshbone.contract.rules.RuleProgram;
import dev.meshbone.governance.contract.CompiledContract;
import dev.meshbone.governance.contract.ProductContracts;
import dev.meshbone.governance.envelope.IngressRecord;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.pii.RecordPlan;
import dev.meshbone.governance.routing.Source;
import java.util.Optional;

/**
 * An ingress record on its way through the checks, with the contracts it is checked against. The checks read the
 * record's content only through {@link #untaggedPii()} and {@link #evaluate}.
 *
 * @param productId the product, from the ingress topic
 * @param source    where the record was read
 * @param contracts the product's contracts in force when the hold-back admitted it; null when none is (the hold-back
 *                  waited its grace)
 * @param contract  the contract of the writer schema's artifact among them; null when none
 * @param record    the record, decoded
 */
public record CheckInput(String productId, Source source, ProductContracts contracts, CompiledContract contract,
                         IngressRecord record) {

    /** The input for a record, its contract found by its writer schema's artifact. */
    public static CheckInput of(String productId, Source source, ProductContracts contracts, IngressRecord record) {
        ResolvedSchema schema = record.schema();
        return new CheckInput(productId, source, contracts,
                contracts == null ? null : contracts.forArtifact(schema.groupId(), schema.artifactId()), record);
    }

    public ResolvedSchema schema() {
        return record.schema();
    }

    /** The contract's personal-data policy for the writer schema (compiled once per schema); needs a contract. */
    public PersonalDataPolicy policy() {
        ResolvedSchema schema = record.schema();
        return contract.policy(schema.globalId(), schema.schema());
    }

    /** Check 4's read of the record: the first string the policy scans that holds personal data its field does not allow. */
    public Optional<RecordPlan.UntaggedPii> untaggedPii() {
        return RecordPlan.scan(record.record(), policy());
    }

    /** Check 5's read of the record: one quality rule evaluated on it. */
    public RuleOutcome evaluate(RuleProgram program) {
        return program.evaluate(record.record());
    }
}
