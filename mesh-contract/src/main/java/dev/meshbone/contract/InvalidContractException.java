package dev.meshbone.contract;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A data product declaration that is not valid. It lists every problem at once (not only the first), each naming the
 * field it is about, so one round of fixes is enough.
 */
public final class InvalidContractException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    /**
     * @param subject  what was declared, e.g. {@code sales.orders} or a contract file name
     * @param problems every problem found, at least one
     */
    public InvalidContractException(String subject, List<Problem> problems) {
        super(message(subject, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order they were found. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(String subject, List<Problem> problems) {
        return "The data product " + subject + " is not valid (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }

    /**
     * One problem.
     *
     * @param field   where it is, e.g. {@code domain}, {@code schema.customerEmail} or {@code slaProperties[1].unit}
     * @param message what is wrong and, where it helps, how to fix it
     */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }
}
