package dev.meshbone.governance.announce;

import dev.meshbone.contract.ContractKey;
import dev.meshbone.contract.InvalidContractException.Problem;
import dev.meshbone.events.DataProductDescriptor;
import java.util.List;
import java.util.stream.Collectors;

/** What governance decided about one announcement on a contract topic. */
public sealed interface AnnouncementVerdict {

    /**
     * The announcement may be put in force.
     *
     * @param changed false when it announces the contract already in force (same fingerprint): nothing to republish
     */
    record Accepted(ContractKey key, DataProductDescriptor descriptor, boolean changed) implements AnnouncementVerdict {
    }

    /**
     * The announcement is refused; the contract in force stays as it is.
     *
     * @param productId    the product the announcement names (its key's, else its descriptor's), for the violation
     * @param majorVersion the major it names, if it names one
     * @param problems     every reason, each naming the part of the announcement it is about
     */
    record Refused(String productId, Integer majorVersion, List<Problem> problems) implements AnnouncementVerdict {

        public Refused {
            problems = List.copyOf(problems);
        }

        /** The violation message: what was refused and every problem. */
        public String message(String key, String topic) {
            return "announcement " + (key == null ? "without a key" : "of " + key) + " on " + topic + " refused ("
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "): "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        }
    }
}
