package dev.meshbone.cli;

import dev.meshbone.cli.demo.DemoCommand;
import dev.meshbone.cli.ops.AccessCommand;
import dev.meshbone.cli.ops.AclCommand;
import dev.meshbone.cli.ops.ClusterOptions;
import dev.meshbone.cli.ops.ContractCommand;
import dev.meshbone.cli.ops.DomainCommand;
import dev.meshbone.cli.ops.ForgetCommand;
import dev.meshbone.cli.ops.ProductCommand;
import dev.meshbone.cli.ops.ProductsCommand;
import dev.meshbone.cli.ops.QuarantineCommand;
import dev.meshbone.cli.ops.ViolationsCommand;
import dev.meshbone.cli.up.UpCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code mesh}: run a whole mesh on this machine, or operate one anywhere. */
@Command(name = "mesh", mixinStandardHelpOptions = true, version = "Meshbone 0.1.0-SNAPSHOT",
        description = "Meshbone: a data-mesh backbone on Apache Kafka.",
        subcommands = {UpCommand.class, DemoCommand.class, ProductsCommand.class, ProductCommand.class, ViolationsCommand.class,
                QuarantineCommand.class, ContractCommand.class, DomainCommand.class, AccessCommand.class,
                AclCommand.class, ForgetCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  mesh up --demo", "  mesh products", "  mesh violations --follow",
                "  mesh quarantine replay --product sales.orders --code RULE_FAILED",
                "  mesh contract check contracts/orders.yaml --registry http://localhost:8080",
                "  mesh domain add marketing", "  mesh access grant sales.orders --to analytics",
                "  mesh acl apply --dry-run --grant sales.orders=analytics",
                "  mesh forget --subject customer:C-123 --reason \"GDPR request 2024-117\"",
                "", "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class MeshCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with Meshbone's error handling: one clear line, exit 1; usage errors exit 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MeshCli()) {
            @Override
            public ParseResult parseArgs(String... args) {
                try {
                    return super.parseArgs(args);
                } catch (InitializationException e) {
                    // An @file argument picocli cannot read (`mesh @somedir`): a usage error, not a stack trace.
                    if (e.getMessage() == null || !e.getMessage().startsWith("Could not read argument file")) {
                        throw e;
                    }
                    throw new ParameterException(this, e.getMessage() + " (" + e.getCause() + ")", e);
                }
            }
        };
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            // A command that talks to the mesh explains a refused login or a missing ACL by the plan.
            if (commandLine.getMixins().get("cluster") instanceof ClusterOptions cluster) {
                try {
                    message = cluster.explain(e).orElse(message);
                } catch (RuntimeException badSettings) {
                    // Explaining reads the settings; when they are what is wrong (--bootstrap-servers ""), the
                    // error stands as it is instead of a stack trace from inside this handler.
                }
            }
            err.println("mesh: " + message);
            err.flush();
            return 1;
        });
        inheritVersion(cli, cli.getCommandSpec().version());
        return cli;
    }

    /** Every subcommand takes {@code -V} from the standard options: it prints the version of the whole CLI. */
    private static void inheritVersion(CommandLine command, String[] version) {
        command.getCommandSpec().version(version);
        command.getSubcommands().values().forEach(sub -> inheritVersion(sub, version));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
