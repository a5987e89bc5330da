package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mesh} script as a domain team runs it: from its own repository, outside this one, with paths relative
 * to where it stands; directly and through the symlink {@code mesh install} puts on the PATH.
 */
class MeshScriptIT {

    private static final Path SCRIPT = Path.of("../mesh").toAbsolutePath().normalize();
    private static final String CONTRACT = "team-contracts/sales-orders.odcs.yaml";

    /** A domain team's repository: a folder outside this repository holding a contract and its schema. */
    @TempDir
    Path teamRepo;

    record Result(int exit, String out) {
    }

    @BeforeEach
    void copyContract() throws Exception {
        assertThat(teamRepo.toRealPath().startsWith(SCRIPT.getParent().toRealPath()))
                .as("the team's folder is outside this repository").isFalse();
        Path contracts = Files.createDirectories(teamRepo.resolve("team-contracts"));
        for (String file : List.of("sales-orders.odcs.yaml", "sales-orders.avsc")) {
            Files.copy(Path.of("src/test/resources/contracts", file), contracts.resolve(file));
        }
        // What the contract check would find if the script ran it in this repository instead.
        assertThat(SCRIPT.resolveSibling(CONTRACT)).doesNotExist();
    }

    private static Result run(Path workingDir, String path, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().put("MESH_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
        builder.environment().put("PATH", path);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(process.exitValue(), out);
    }

    private static Result run(Path workingDir, List<String> command) throws Exception {
        return run(workingDir, System.getenv("PATH"), command);
    }

    @Test
    void shouldCheckAContractByAPathRelativeToTheCallersDirectory() throws Exception {
        // When
        Result check = run(teamRepo, List.of(SCRIPT.toString(), "contract", "check", CONTRACT));

        // Then
        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("sales.orders v1: contract is valid");
    }

    @Test
    void shouldNameTheAbsolutePathItTriedInTheCallersDirectory() throws Exception {
        // When
        Result check = run(teamRepo, List.of(SCRIPT.toString(), "contract", "check", "team-contracts/missing.yaml"));

        // Then
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("no contract file at " + teamRepo.toRealPath()
                .resolve("team-contracts/missing.yaml"));
    }

    @Test
    void shouldRunFromAnywhereThroughTheSymlinkItInstalls(@TempDir Path home) throws Exception {
        // Given
        Path bin = home.resolve("bin");
        String pathWithoutBin = System.getenv("PATH");

        // When
        Result install = run(home, pathWithoutBin, List.of(SCRIPT.toString(), "install", "--dir", bin.toString()));

        // Then it links the script and says how to put the folder on the PATH
        assertThat(install.exit()).as(install.out()).isZero();
        assertThat(Files.isSymbolicLink(bin.resolve("mesh"))).isTrue();
        assertThat(bin.resolve("mesh").toRealPath()).isEqualTo(SCRIPT.toRealPath());
        assertThat(install.out()).contains("is not on your PATH").contains("export PATH=\"" + bin.toRealPath());

        // And the link runs the CLI from another directory, by its path and by name on the PATH
        Result byPath = run(teamRepo, List.of(bin.resolve("mesh").toString(), "contract", "check", CONTRACT));
        assertThat(byPath.exit()).as(byPath.out()).isZero();
        assertThat(byPath.out()).contains("sales.orders v1: contract is valid");
        Result byName = run(teamRepo, bin + File.pathSeparator + pathWithoutBin,
                List.of("sh", "-c", "mesh contract check " + CONTRACT));
        assertThat(byName.exit()).as(byName.out()).isZero();
        assertThat(byName.out()).contains("sales.orders v1: contract is valid");
    }
}
