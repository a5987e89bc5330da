package dev.meshbone.contract;

import dev.meshbone.contract.InvalidContractException.Problem;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A declaration read from somewhere (YAML, a descriptor) before it is built: the builder, and the problems the
 * reader found that the builder cannot hold (a YAML value of the wrong type, an unknown enum name).
 *
 * @param builder  holds everything that could be read
 * @param problems what could not, each with its path in the source
 * @param subject  what was read, for the error message
 * @param aliases  builder field names and the source's names for them ({@code title} is {@code name} in ODCS), so
 *                 the builder's problems point into the source
 */
public record Draft(DataProduct.Builder builder, List<Problem> problems, String subject, Map<String, String> aliases) {

    public Draft {
        problems = List.copyOf(problems);
        aliases = Map.copyOf(aliases);
    }

    /**
     * True when the builder's problem repeats, less precisely, one the reader reported: the builder says "schema is
     * required" where the reader said which custom property is missing.
     */
    public boolean repeatsReaderProblem(Problem builderProblem) {
        String alias = aliases.get(builderProblem.field());
        return alias != null && problems.stream().map(Problem::field)
                .anyMatch(f -> f.startsWith(alias) || alias.startsWith(f));
    }

    /** The problem with its field renamed to the source's name for it. */
    public Problem inSourceTerms(Problem problem) {
        String field = problem.field();
        return aliases.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .filter(k -> field.equals(k) || field.startsWith(k + ".") || field.startsWith(k + "["))
                .findFirst()
                .map(k -> new Problem(aliases.get(k) + field.substring(k.length()), problem.message()))
                .orElse(problem);
    }
}
