package dev.meshbone.governance.check;

import dev.meshbone.contract.pii.PersonalDataPolicy;
import dev.meshbone.contract.rules.RuleOutcome;
import dev.meshbone.contract.rules.RuleProgram;
import dev.meshbone.governance.contract.CompiledContract;
import dev.meshbone.governance.contract.ProductContracts;
import dev.meshbone.governance.envelope.Envelope;
import dev.meshbone.governance.envelope.IngressRecord;
import dev.meshbone.governance.envelope.ResolvedSchema;
import dev.meshbone.governance.envelope.Unreadable;
import dev.meshbone.governance.pii.UntaggedPii;
import dev.meshbone.governance.record.RecordProgram;
import dev.meshbone.governance.record.RecordWalk;
import dev.meshbone.governance.routing.Source;
import java.util.Optional;

/**
 * An ingress record on its way through the checks, with the contracts it is checked against. The checks read the
 * record's content only through {@link #untaggedPii()} and {@link #evaluate}, both answered by one walk of its bytes
 * by the contract's compiled record program, which protection then reuses. Used by one stream thread.
 */
public final class CheckInput {

    private final String productId;
    private final Source source;
    private final ProductContracts contracts;
    private final CompiledContract contract;
    private final Envelope envelope;
    private RecordWalk walk;

    /**
     * @param productId the product, from the ingress topic
     * @param source    where the record was read
     * @param contracts the product's contracts in force when the hold-back admitted it; null when none is (the
     *                  hold-back waited its grace)
     * @param contract  the contract of the writer schema's artifact among them; null when none
     * @param envelope  the value as check 1 read it
     */
    public CheckInput(String productId, Source source, ProductContracts contracts, CompiledContract contract,
                      Envelope envelope) {
        this.productId = productId;
        this.source = source;
        this.contracts = contracts;
        this.contract = contract;
        this.envelope = envelope;
    }

    /**
     * The input for a value, its contract found by its writer schema's artifact (none for an unreadable value: check 1
     * refuses it whatever the contracts).
     */
    public static CheckInput of(String productId, Source source, ProductContracts contracts, Envelope envelope) {
        if (contracts == null || !(envelope instanceof IngressRecord record)) {
            return new CheckInput(productId, source, contracts, null, envelope);
        }
        ResolvedSchema schema = record.schema();
        return new CheckInput(productId, source, contracts, contracts.forArtifact(schema.groupId(),
                schema.artifactId()), envelope);
    }

    public String productId() {
        return productId;
    }

    public Source source() {
        return source;
    }

    public ProductContracts contracts() {
        return contracts;
    }

    public CompiledContract contract() {
        return contract;
    }

    /** The value's bytes, as read. */
    public byte[] raw() {
        return envelope.raw();
    }

    /** Check 1's refusal of the value; null when it is a record (the only kind the checks after check 1 see). */
    public Unreadable unreadable() {
        return envelope instanceof Unreadable u ? u : null;
    }

    /** The record's writer schema; for the checks after check 1. */
    public ResolvedSchema schema() {
        return ((IngressRecord) envelope).schema();
    }

    /** The global id the value named, when it named one. */
    public Long schemaId() {
        return envelope instanceof IngressRecord r ? Long.valueOf(r.schema().globalId())
                : ((Unreadable) envelope).schemaId();
    }

    /** The contract's personal-data policy for the writer schema: the one its walk follows; needs a contract. */
    public PersonalDataPolicy policy() {
        return walk().program().policy();
    }

    /**
     * The record's bytes walked by the contract's program for its writer schema (once): what the checks read and
     * protection splices. Needs a contract.
     */
    public RecordWalk walk() {
        if (walk == null) {
            IngressRecord record = (IngressRecord) envelope;
            ResolvedSchema schema = record.schema();
            RecordProgram program = contract.program(schema.globalId(), schema.schema());
            // The envelope's walk, unless the contract changed since (a record held back, a new version in force).
            RecordWalk early = record.walk();
            walk = early != null && early.program() == program ? early : program.walk(record.raw());
        }
        return walk;
    }

    /** Check 4's read: the first string the policy scans that holds personal data its field does not allow. */
    public Optional<UntaggedPii> untaggedPii() {
        return walk().untaggedPii();
    }

    /** Check 5's read: one quality rule evaluated on the record as the rules see it. */
    public RuleOutcome evaluate(RuleProgram program) {
        return program.evaluate(walk().view());
    }
}
