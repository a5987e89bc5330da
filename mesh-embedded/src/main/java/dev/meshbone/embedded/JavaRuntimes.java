package dev.meshbone.embedded;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a Java runtime of at least a given feature version: the setting {@code embedded.registry.java} (or
 * {@code MESHBONE_EMBEDDED_REGISTRY_JAVA}), then this JVM, then {@code JAVA_HOME}, then the usual JVM folders.
 */
public final class JavaRuntimes {

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

    private JavaRuntimes() {
    }

    /** A Java runtime home and its feature version. */
    public record Runtime(Path home, int feature) {
        /** The {@code java} launcher inside it. */
        public Path executable() {
            return home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        }
    }

    /** The best runtime of at least {@code minimum}, or an error that says what to install. */
    public static Runtime require(int minimum, String forWhat) {
        Optional<String> configured = EmbeddedSettings.get(EmbeddedSettings.REGISTRY_JAVA);
        if (configured.isPresent()) {
            Path path = Path.of(configured.get());
            Path home = Files.isRegularFile(path) ? path.toAbsolutePath().getParent().getParent() : path;
            Runtime runtime = inspect(home).orElseThrow(() -> new IllegalStateException(
                    "MESHBONE_EMBEDDED_REGISTRY_JAVA / embedded.registry.java points at " + path
                            + ", which is not a Java runtime (no bin/java and release file)"));
            if (runtime.feature() < minimum) {
                throw new IllegalStateException(forWhat + " needs Java " + minimum + " or newer, but "
                        + path + " is Java " + runtime.feature());
            }
            return runtime;
        }
        List<Path> looked = new ArrayList<>();
        List<Runtime> found = new ArrayList<>();
        candidates().forEach(home -> {
            looked.add(home);
            inspect(home).filter(r -> r.feature() >= minimum).ifPresent(found::add);
        });
        if (!found.isEmpty()) {
            // The current JVM or JAVA_HOME first, when new enough; else the newest installed one.
            Runtime first = found.get(0);
            Path currentHome = Path.of(System.getProperty("java.home"));
            String javaHome = System.getenv("JAVA_HOME");
            if (first.home().equals(currentHome) || (javaHome != null && first.home().equals(Path.of(javaHome)))) {
                return first;
            }
            return found.stream().max(Comparator.comparingInt(Runtime::feature)).orElseThrow();
        }
        throw new IllegalStateException(forWhat + " needs Java " + minimum + " or newer and none was found (looked in "
                + looked.size() + " places: this JVM, JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks). "
                + "Install a JDK or JRE " + minimum + "+ (for example `apt-get install openjdk-21-jre-headless`, "
                + "or Temurin 21 from adoptium.net) and, if it is not in one of those places, set "
                + "MESHBONE_EMBEDDED_REGISTRY_JAVA to its java executable.");
    }

    private static List<Path> candidates() {
        List<Path> homes = new ArrayList<>();
        homes.add(Path.of(System.getProperty("java.home")));
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
        }
        String userHome = System.getProperty("user.home");
        for (Path parent : List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"), Path.of("/opt"),
                Path.of(userHome, ".sdkman", "candidates", "java"), Path.of(userHome, ".jdks"),
                Path.of("/Library/Java/JavaVirtualMachines"))) {
            if (Files.isDirectory(parent)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
                    for (Path child : children) {
                        homes.add(child);
                        homes.add(child.resolve("Contents").resolve("Home")); // macOS bundles
                    }
                } catch (IOException ignored) {
                    // an unreadable folder holds nothing we can run
                }
            }
        }
        return homes;
    }

    static Optional<Runtime> inspect(Path home) {
        Path release = home.resolve("release");
        Runtime probe = new Runtime(home, 0);
        if (!Files.isRegularFile(release) || !Files.isExecutable(probe.executable())) {
            return Optional.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(m.group(1));
            return Optional.of(new Runtime(home, major == 1 ? 8 : major));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }
}
