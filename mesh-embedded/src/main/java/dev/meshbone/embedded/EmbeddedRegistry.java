package dev.meshbone.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 3.x server in a child JVM (it needs Java 21+, so it cannot share a Java 17 JVM). Storage
 * is in memory, or an H2 file in a data folder so it survives a restart. Stopping it, or this JVM exiting, stops
 * the child.
 */
public final class EmbeddedRegistry implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final String DEFAULT_JVM_OPTIONS = "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final Process process;
    private final int port;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Thread shutdownHook;

    private EmbeddedRegistry(Process process, int port, Path workDir, boolean ownsWorkDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.shutdownHook = new Thread(this::stopProcess, "meshbone-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a registry with in-memory storage on a free port. */
    public static EmbeddedRegistry start() {
        return start(0, null);
    }

    /**
     * Starts a registry.
     *
     * @param port    the HTTP port, or 0 for a free one
     * @param dataDir where the registry keeps its database and log across restarts, or null for in-memory storage
     */
    public static EmbeddedRegistry start(int port, Path dataDir) {
        JavaRuntimes.Runtime java = JavaRuntimes.require(21, "Apicurio Registry " + Versions.registry());
        Path home = RegistryDistribution.home();
        return PortRetry.start("Registry", port, (httpPort, managementPort) -> startOnce(java, home, httpPort,
                managementPort, dataDir), e -> e instanceof PortTakenException);
    }

    private static EmbeddedRegistry startOnce(JavaRuntimes.Runtime java, Path home, int httpPort, int managementPort,
                                              Path dataDir) {
        long started = System.nanoTime();
        boolean temporary = dataDir == null;
        Path workDir;
        try {
            workDir = temporary ? Files.createTempDirectory("meshbone-registry-") : Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry work directory", e);
        }
        Path log = workDir.resolve("registry.log");
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(Arrays.asList(EmbeddedSettings.get(EmbeddedSettings.REGISTRY_JVM_OPTIONS)
                .orElse(DEFAULT_JVM_OPTIONS).split("\\s+")));
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        if (!temporary) {
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + workDir.resolve("registry-db").toAbsolutePath());
        }
        command.add("-jar");
        command.add(home.resolve("quarkus-run.jar").toString());
        Process process;
        try {
            process = new ProcessBuilder(diesWithThisJvm(command)).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            if (temporary) {
                Directories.deleteQuietly(workDir);
            }
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        EmbeddedRegistry registry = new EmbeddedRegistry(process, httpPort, workDir, temporary);
        try {
            registry.awaitReady(managementPort, log);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOGGER.info("Apicurio Registry {} ready at {} in {} ms (Java {}, pid {})", Versions.registry(),
                registry.url(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), java.feature(),
                process.pid());
        return registry;
    }

    /**
     * Shutdown hooks do not run when this JVM is killed hard (SIGKILL, a test runner's fork timeout). On Unix the
     * registry is started under a small shell watchdog that stops it as soon as this JVM is gone.
     */
    private static List<String> diesWithThisJvm(List<String> command) {
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            return command;
        }
        String watchdog = "parent=$1; shift; \"$@\" & child=$!; trap 'kill $child 2>/dev/null' TERM INT; "
                + "while kill -0 $parent 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
                + "kill $child 2>/dev/null; wait $child";
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", watchdog, "meshbone-registry",
                String.valueOf(ProcessHandle.current().pid())));
        wrapped.addAll(command);
        return wrapped;
    }

    private void awaitReady(int managementPort, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = tail(log);
                if (tail.contains("Port already bound") || tail.contains("Address already in use")) {
                    throw new PortTakenException(tail);
                }
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before it was ready. Last lines of " + log + ":\n" + tail);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the registry", e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Apicurio Registry not ready after " + READY_TIMEOUT.toSeconds()
                + " s. Last lines of " + log + ":\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /** The child process's id, for tests and ops that check nothing is left behind. */
    public long pid() {
        return process.pid();
    }

    /** Where the registry's log (and with a data folder, its database) lives. */
    public Path directory() {
        return workDir;
    }

    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        if (ownsWorkDir) {
            Directories.deleteQuietly(workDir);
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String log) {
            super("the registry could not bind its port:\n" + log);
        }
    }
}
