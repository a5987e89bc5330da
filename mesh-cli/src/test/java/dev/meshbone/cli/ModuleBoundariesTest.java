package dev.meshbone.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries DESIGN.md draws, kept by a test. The CLI sees every module's production classes, so their
 * dependencies are checked here; the POM check covers the benchmarks too.
 */
class ModuleBoundariesTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // Modules arrive as jars (or target/classes) of the reactor: only test classes are left out.
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.meshbone");
    }

    @Test
    void shouldHaveImportedEveryModule() {
        assertThat(production.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .contains("contract", "config", "embedded", "sdk", "governance", "catalog", "cli");
    }

    @Test
    void governanceAndCatalogShouldNotDependOnTheSdk() {
        noClasses().that().resideInAnyPackage("dev.meshbone.governance..", "dev.meshbone.catalog..")
                .should().dependOnClassesThat().resideInAPackage("dev.meshbone.sdk..")
                .because("what a contract means lives in mesh-contract; the SDK is a client library")
                .check(production);
    }

    @Test
    void contractCoreShouldDependOnlyOnSchemasAvroAndCel() {
        noClasses().that().resideInAPackage("dev.meshbone.contract..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.meshbone.sdk..", "dev.meshbone.governance..",
                        "dev.meshbone.catalog..", "dev.meshbone.cli..", "dev.meshbone.config..",
                        "dev.meshbone.embedded..", "dev.meshbone.testkit..", "org.apache.kafka..")
                .because("every other module builds on mesh-contract, so it must stay small")
                .check(production);
    }

    @Test
    void noModuleShouldUseAnotherModulesInternals() {
        noClasses().that().resideOutsideOfPackage("dev.meshbone.sdk..")
                .should().dependOnClassesThat().resideInAPackage("dev.meshbone.sdk.internal..")
                .because("internal packages are not API")
                .check(production);
    }

    @Test
    void productionCodeShouldNotDependOnTheTestKit() {
        noClasses().that().resideOutsideOfPackage("dev.meshbone.testkit..")
                .should().dependOnClassesThat().resideInAPackage("dev.meshbone.testkit..")
                .because("the launcher and the benchmarks run mesh-embedded; the test kit is for tests")
                .check(production);
    }

    @Test
    void shouldUseTheTestKitOnlyInTestScopeInEveryPom() throws IOException {
        Pattern testkit = Pattern.compile("<dependency>\\s*<groupId>dev\\.meshbone</groupId>\\s*"
                + "<artifactId>mesh-testkit</artifactId>(.*?)</dependency>", Pattern.DOTALL);
        List<Path> poms;
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            poms = modules.map(m -> m.resolve("pom.xml")).filter(Files::exists)
                    .filter(p -> !p.getParent().getFileName().toString().equals("mesh-testkit")).toList();
        }
        assertThat(poms).hasSizeGreaterThan(5);
        for (Path pom : poms) {
            Matcher m = testkit.matcher(Files.readString(pom));
            while (m.find()) {
                assertThat(m.group(1)).as(pom + " uses mesh-testkit").contains("<scope>test</scope>");
            }
        }
    }
}
