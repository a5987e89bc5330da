package dev.meshbone.governance.check;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.contract.CompiledContract;
import dev.meshbone.governance.envelope.ResolvedSchema;
import java.util.StringJoiner;

/**
 * Check 3a: the writer schema is a version of this product's artifact (by global id, resolved to group and artifact):
 * Apicurio shares content between artifacts, so the schema's text proves nothing.
 */
final class SchemaIdentity implements Check {

    @Override
    public Verdict check(CheckInput in) {
        if (in.contract() != null) {
            return Verdict.PASS;
        }
        ResolvedSchema schema = in.schema();
        StringJoiner artifacts = new StringJoiner(", ").setEmptyValue("(none)");
        for (CompiledContract c : in.contracts().contracts()) {
            artifacts.add(c.groupId() + "/" + c.artifactId());
        }
        return Verdict.refuse(ViolationCode.SCHEMA_MISMATCH, "the record was written with schema "
                + schema.coordinates() + " (global id " + schema.globalId() + "), which is not a version of this "
                + "product's artifact(s) " + artifacts);
    }
}
