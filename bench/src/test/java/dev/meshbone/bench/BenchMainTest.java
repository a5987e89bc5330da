package dev.meshbone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's benchmark entry point lists every benchmark; it does not run them (they are not tests). */
class BenchMainTest {

    @Test
    void shouldListEveryBenchmarkInItsHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("governance", "scale", "chaos", "sdk", "catalog", "security");
    }

    @Test
    void shouldDescribeTheSecurityBenchmarkInItsHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("security", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Plaintext vs secure", "--rounds", "--sdk-records", "--sdk-warmup",
                "--sdk-runs", "--governance-records");
    }

    @Test
    void shouldDescribeTheScaleBenchmarkInItsHelp() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("scale", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("separate JVMs", "--records", "--partitions", "--instances", "--threads",
                "--heap");
    }

    @Test
    void shouldTellRatiosAgainstTheBaseline() {
        assertThat(BenchTable.ratio(85, 100)).isEqualTo("0.85x");
    }
}
