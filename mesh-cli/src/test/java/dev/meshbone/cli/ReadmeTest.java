package dev.meshbone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level README against the code: its commands exist, its tables and snippet are current. */
class ReadmeTest {

    private static final Path README = Path.of("../README.md");
    private static final String ACL_START = "<!-- acl:start -->\n";
    private static final String ACL_END = "<!-- acl:end -->";

    private static String snippet(Path file) throws Exception {
        Matcher m = Pattern.compile("<!-- example:start [^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(file));
        assertThat(m.find()).as("example block in %s", file).isTrue();
        return m.group(1);
    }

    @Test
    void shouldGiveTheTestCommandThatCiRuns() throws Exception {
        assertThat(Files.readString(README)).contains("```bash\n./mvnw -B verify\n```");
        assertThat(Files.readAllLines(Path.of("../.ci/run"))).contains("./mvnw -B verify");
        assertThat(Files.readString(README)).contains("```bash\n./mesh up --demo\n```");
    }

    @Test
    void shouldShowTheSameSdkExampleAsTheSdkReadme() throws Exception {
        // producer-sdk's ReadmeTest checks its README against the compiled, tested ReadmeExample.java
        assertThat(snippet(README)).isEqualTo(snippet(Path.of("../producer-sdk/README.md")));
    }

    @Test
    void shouldOnlyShowMeshCommandsThatParse() throws Exception {
        // The script handles `install` itself, before Java (MeshScriptIT runs it).
        List<String> commands = Files.readAllLines(README).stream().filter(l -> l.startsWith("./mesh "))
                .filter(l -> !l.startsWith("./mesh install"))
                .map(l -> l.replaceAll("\\s+#.*$", "").substring("./mesh ".length())).toList();
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7);
        for (String command : commands) {
            CommandLine cli = MeshCli.commandLine();
            assertThat(cli.parseArgs(command.split("\\s+")).errors()).as(command).isEmpty();
        }
    }

    @Test
    void shouldListEveryUpOption() throws Exception {
        List<String> documented = Files.readAllLines(README).stream().filter(l -> l.startsWith("| `--"))
                .map(l -> l.substring(3, l.indexOf('`', 3))).sorted().toList();
        List<String> options = new CommandLine(new dev.meshbone.cli.up.UpCommand()).getCommandSpec().options()
                .stream().map(o -> o.longestName()).filter(n -> !n.equals("--help") && !n.equals("--version"))
                .sorted().collect(Collectors.toList());
        assertThat(documented).isEqualTo(options);
    }

    @Test
    void shouldShowTheAclPlanTheCliApplies() throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf(ACL_START);
        int end = readme.indexOf(ACL_END);
        assertThat(start).as("README acl table markers").isNotNegative();
        assertThat(readme.substring(start + ACL_START.length(), end)).isEqualTo(AclTable.markdown());
    }

    @Test
    void shouldLinkOnlyToFilesThatExist() throws Exception {
        Matcher links = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)").matcher(Files.readString(README));
        while (links.find()) {
            Path target = README.getParent().resolve(links.group(1));
            assertThat(Files.exists(target)).as(links.group(1)).isTrue();
        }
    }
}
