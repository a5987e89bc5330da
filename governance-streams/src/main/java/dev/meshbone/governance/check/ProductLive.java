package dev.meshbone.governance.check;

import dev.meshbone.events.ViolationCode;
import dev.meshbone.governance.contract.CompiledContract;
import java.time.Duration;

/**
 * Check 2: the product has a contract in force, and neither the product nor the major the record is written for is
 * retired. A record reaches it without contracts only once the hold-back has waited its grace for them.
 */
final class ProductLive implements Check {

    private final long graceSeconds;

    ProductLive(Duration holdGrace) {
        this.graceSeconds = holdGrace.toSeconds();
    }

    @Override
    public Verdict check(CheckInput in) {
        if (in.contracts() == null) {
            return Verdict.refuse(ViolationCode.UNKNOWN_PRODUCT, "no data product " + in.productId()
                    + " is in force on mesh.products (waited " + graceSeconds + " s)");
        }
        if (in.contracts().allRetired()) {
            return Verdict.refuse(ViolationCode.RETIRED_PRODUCT, "data product " + in.productId()
                    + " is retired: it accepts no more records");
        }
        CompiledContract contract = in.contract();
        if (contract != null && contract.retired()) {
            return Verdict.refuse(ViolationCode.RETIRED_PRODUCT, "major version " + contract.majorVersion() + " of "
                    + contract.descriptor().getId() + " is retired");
        }
        return Verdict.PASS;
    }
}
