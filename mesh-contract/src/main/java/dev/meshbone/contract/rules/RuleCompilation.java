package dev.meshbone.contract.rules;

import java.util.Objects;

/** What {@link RuleEnvironment#compile} made of an expression: a program, or CEL's reason to refuse it. */
public sealed interface RuleCompilation {

    /** The expression type-checks against the schema and yields a bool. */
    record Compiled(RuleProgram program) implements RuleCompilation {
        public Compiled {
            Objects.requireNonNull(program, "program");
        }
    }

    /**
     * The expression does not parse or does not type-check.
     *
     * @param message CEL's own explanation (line, column, what is wrong), on one line
     */
    record Refused(String message) implements RuleCompilation {
        public Refused {
            Objects.requireNonNull(message, "message");
        }
    }
}
