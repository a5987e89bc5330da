package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.meshbone.contract.Fuzz;
import dev.meshbone.contract.InvalidContractException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import picocli.CommandLine;

/**
 * Fuzzes the CLI's argument parsing: generated argument lists (the commands' own options with and without values,
 * unknown options, missing values, huge values, numbers out of range, strings decoded from invalid UTF-8, paths
 * with NUL, {@code @file} arguments) for every command. Parsing alone never runs a command, so nothing connects
 * anywhere: it either parses or refuses with picocli's {@link CommandLine.ParameterException}. {@code mesh contract
 * check} is offline without {@code --registry} (never generated), so it is executed too: exit 0, or 1 with a one-line
 * {@code mesh: } message for a contract it refuses, or 2 with the usage error on stderr; never an exception. Tries:
 * see {@link Fuzz}.
 */
@AddLifecycleHook(Fuzz.class)
class MeshCliFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    /** Every command path ({@code []}, {@code [access, grant]}, ...) with its option names, from the model itself. */
    private static final List<Command> COMMANDS = commands(MeshCli.commandLine(), List.of());
    private static final String CONTRACT = "src/test/resources/contracts/sales-orders.odcs.yaml";

    record Command(List<String> path, List<String> options) {
    }

    /** One command line for all parses, as picocli allows (it resets every option): building one costs ~20 ms. */
    private static final CommandLine PARSER = MeshCli.commandLine();

    @Property(tries = 1_000)
    void shouldParseOrRefuseWithAParameterException(@ForAll("argumentLists") List<String> args) throws Exception {
        String input = describe(args);
        Throwable thrown = catchThrowable(() -> Fuzz.within(BOUND, "parsing " + input,
                () -> PARSER.parseArgs(args.toArray(String[]::new))));
        if (thrown != null) {
            assertThat(thrown).as(input).isInstanceOf(CommandLine.ParameterException.class);
            assertThat(thrown.getMessage()).as(input).isNotBlank();
        }
    }

    @Property(tries = 100)
    void shouldCheckAContractOrExitWithAUsageError(@ForAll("contractCheckArguments") List<String> args)
            throws Exception {
        String input = describe(args);
        Run run = execute(args);

        switch (run.exit()) {
            // Checked, or help or version printed (the subcommand's version is empty: picocli prints nothing).
            case 0 -> {
                assertThat(run.failure()).as(input).isNull();
                assertThat(run.err()).as(input).isEmpty();
            }
            case 1 -> {
                // Only the refusals the command means: no file there, or a contract with its problems named.
                assertThat(run.failure()).as(input).satisfiesAnyOf(
                        e -> assertThat(e).isExactlyInstanceOf(InvalidContractException.class),
                        e -> assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class)
                                .hasMessageStartingWith("no contract file at"));
                assertThat(run.err()).as(input).startsWith("mesh: ");
            }
            case 2 -> assertThat(run.err()).as(input).isNotBlank();
            default -> throw new AssertionError("exit " + run.exit() + " for " + input + ": " + run.err());
        }
    }

    @Example
    void shouldCheckTheExampleContractAndRefuseAnUnreadableArgumentFile() throws Exception {
        Run valid = execute(List.of("contract", "check", CONTRACT));
        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).contains("contract is valid");
        // A directory as @file: picocli's InitializationException, a usage error since the fuzzing found it.
        Run directory = execute(List.of("contract", "check", "@."));
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).startsWith("Could not read argument file @.");
    }

    record Run(int exit, String out, String err, Exception failure) {
    }

    /** {@code mesh args} as main runs it, with the exception the execution handler got, if any. */
    private static Run execute(List<String> args) throws Exception {
        String input = describe(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<Exception> failure = new AtomicReference<>();
        int exit = Fuzz.within(BOUND, "mesh " + input, () -> {
            CommandLine cli = MeshCli.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            CommandLine.IExecutionExceptionHandler meshbone = cli.getExecutionExceptionHandler();
            cli.setExecutionExceptionHandler((e, line, result) -> {
                failure.set(e);
                return meshbone.handleExecutionException(e, line, result);
            });
            return cli.execute(args.toArray(String[]::new));
        });
        return new Run(exit, out.toString(), err.toString(), failure.get());
    }

    // ---------------------------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<List<String>> argumentLists() {
        return Arbitraries.of(COMMANDS).flatMap(command -> tokens(command.options()).list().ofMaxSize(6)
                .map(groups -> Stream.concat(command.path().stream(), groups.stream().flatMap(List::stream))
                        .toList()));
    }

    @Provide
    Arbitrary<List<String>> contractCheckArguments() {
        Command check = COMMANDS.stream().filter(c -> c.path().equals(List.of("contract", "check"))).findFirst()
                .orElseThrow();
        // --registry would call a registry: the one option left out.
        List<String> offline = check.options().stream().filter(o -> !o.equals("--registry")).toList();
        Arbitrary<String> file = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(CONTRACT)),
                Tuple.of(1, Arbitraries.of("src/test/resources/contracts/sales-orders.avsc", "pom.xml", ".", "/",
                        "no-such-file.yaml", "", "a\u0000b", "x".repeat(5_000))),
                Tuple.of(1, value()));
        return Combinators.combine(file, tokens(offline).list().ofMaxSize(3))
                .as((f, groups) -> {
                    List<String> args = new ArrayList<>(List.of("contract", "check", f));
                    groups.forEach(args::addAll);
                    // Picocli also reads an option's value from an @file: none may smuggle --registry in.
                    args.replaceAll(a -> a.contains("--registry") && !a.startsWith("--registry-url")
                            ? a.replace("--registry", "--r") : a);
                    return List.copyOf(args);
                });
    }

    /** One group of arguments: an option, with or without its value, a stray value, an unknown option. */
    private static Arbitrary<List<String>> tokens(List<String> options) {
        Arbitrary<String> option = options.isEmpty() ? Arbitraries.just("--help") : Arbitraries.of(options);
        return Arbitraries.frequencyOf(
                Tuple.of(3, option.map(List::of)), // a value missing, or a flag
                Tuple.of(4, Combinators.combine(option, value()).as(List::of)),
                Tuple.of(2, Combinators.combine(option, value()).as((o, v) -> List.of(o + "=" + v))),
                Tuple.of(2, value().map(List::of)), // a positional, or a value without its option
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(s -> List.of("--" + s))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(3).map(s -> List.of("-" + s))),
                Tuple.of(1, Arbitraries.of("--", "-", "", "=", "--=", "-h", "-V", "--help", "--version")
                        .map(List::of)));
    }

    private static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)), // controls, unpaired surrogates
                // What a shell hands over when the arguments were not valid UTF-8, decoded either way.
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(b -> new String(b,
                        StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(b -> new String(b,
                        StandardCharsets.ISO_8859_1))),
                Tuple.of(3, Arbitraries.of("-1", "0", "1", "65535", "65536", "2147483647", "2147483648",
                        "-2147483649", "99999999999999999999", "1e10", "0x10", "NaN", "1.5", " 1", "+1", "00001",
                        "9".repeat(400))),
                Tuple.of(3, Arbitraries.of("sales.orders", "mesh.catalog", "customer:C-1", "customer:", ":x",
                        "sales.orders=analytics", "=", "analytics", "Team A", "30d", "P30D", "-5d", "2027-06-30",
                        "1999-01-01", "99999999d", "PT-1S", "localhost:9092", "127.0.0.1:1", "http://[::1", "RULE_FAILED",
                        "true", "a\u0000b", "\u0000", "src", ".", "/", "no-such-file", "@no-such-file", "@@x", "@.",
                        "@src", "@pom.xml", "@", "--", "-")),
                Tuple.of(1, Arbitraries.integers().between(1_000, 200_000).map("x"::repeat)));
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static List<Command> commands(CommandLine line, List<String> path) {
        List<Command> all = new ArrayList<>();
        List<String> options = line.getCommandSpec().options().stream().flatMap(o -> Stream.of(o.names())).toList();
        all.add(new Command(path, options));
        line.getSubcommands().forEach((name, sub) -> {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            all.addAll(commands(sub, List.copyOf(subPath)));
        });
        return List.copyOf(all);
    }

    private static String describe(List<String> args) {
        List<String> shown = args.stream().map(a -> a.length() <= 60 ? a : a.substring(0, 60) + "...("
                + a.length() + " chars)").toList();
        return shown.toString();
    }
}
