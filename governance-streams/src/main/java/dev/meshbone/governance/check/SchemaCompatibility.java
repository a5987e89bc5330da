package dev.meshbone.governance.check;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.envelope.ResolvedSchema;
import java.util.Optional;

/** Check 3b: the writer schema is compatible with the contract's under its mode (decided once per writer schema). */
final class SchemaCompatibility implements Check {

    @Override
    public Verdict check(CheckInput in) {
        ResolvedSchema schema = in.schema();
        Optional<String> incompatible = in.contract().incompatibility(schema.globalId(), schema.schema());
        return incompatible.isEmpty() ? Verdict.PASS : Verdict.refuse(ViolationCode.INCOMPATIBLE_SCHEMA,
                "writer schema " + schema.coordinates() + " breaks the contract: " + incompatible.get());
    }
}
