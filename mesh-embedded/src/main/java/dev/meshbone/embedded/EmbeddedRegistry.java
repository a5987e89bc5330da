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
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry 3.x server in a child JVM (it needs Java 21+, so it cannot share a Java 17 JVM). Storage
 * is in memory, or an H2 file in a data folder so it survives a restart. Stopping it, or this JVM exiting, stops
 * the child.
 *
 * <p>{@link #startSecure} runs it with HTTP basic auth over the registry's embedded (static) users, role-based and
 * owner-only authorization, and the Confluent-compatible API denied. The users, their roles and passwords go into
 * a configuration file of mode 0600 that the child reads at start (never onto its command line), so adding a user
 * means {@link #restart restarting} the child with the new list; a secure registry therefore always keeps its
 * storage in an H2 file of its work directory, which a restart keeps.
 */
public final class EmbeddedRegistry implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final String DEFAULT_JVM_OPTIONS = "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    /** The configuration file with the users, in the secrets directory the caller gives. */
    static final String USERS_FILE = "registry-users.properties";

    private final Process process;
    private final int port;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final Auth auth;
    private final Thread shutdownHook;

    private EmbeddedRegistry(Process process, int port, Path workDir, boolean ownsWorkDir, Auth auth) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.auth = auth;
        this.shutdownHook = new Thread(this::stopProcess, "meshbone-registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Basic-auth users and where their configuration file goes; null for a registry without security. */
    private record Auth(List<MeshPrincipal> users, Path secretsDir) {
        Auth {
            users = List.copyOf(users);
        }
    }

    /** Starts a registry without security, with in-memory storage on a free port. */
    public static EmbeddedRegistry start() {
        return start(0, null);
    }

    /**
     * Starts a registry without security: anyone may read and write anything.
     *
     * @param port    the HTTP port, or 0 for a free one
     * @param dataDir where the registry keeps its database and log across restarts, or null for in-memory storage
     */
    public static EmbeddedRegistry start(int port, Path dataDir) {
        return start(port, dataDir, null);
    }

    /**
     * Starts a secure registry: only the given users may call it, with the roles of their kinds
     * ({@link PrincipalKind#registryRole()}); a developer writes only into groups it owns; the ccompat API is denied.
     *
     * @param port       the HTTP port, or 0 for a free one
     * @param dataDir    where the registry keeps its database and log across restarts, or null for a temporary
     *                   directory that {@link #close()} deletes
     * @param users      every principal that may log in; at least one {@link PrincipalKind#ADMIN}
     * @param secretsDir a private directory (mode 0700) for the configuration file that holds the passwords
     */
    public static EmbeddedRegistry startSecure(int port, Path dataDir, List<MeshPrincipal> users, Path secretsDir) {
        if (users.stream().noneMatch(u -> u.kind() == PrincipalKind.ADMIN)) {
            throw new IllegalArgumentException("a secure registry needs an ADMIN user to create groups");
        }
        return start(port, dataDir, new Auth(users, secretsDir));
    }

    private static EmbeddedRegistry start(int port, Path dataDir, Auth auth) {
        JavaRuntimes.Runtime java = JavaRuntimes.require(21, "Apicurio Registry " + Versions.registry());
        Path home = RegistryDistribution.home();
        return PortRetry.start("Registry", port, (httpPort, managementPort) -> {
            boolean temporary = dataDir == null;
            Path workDir;
            try {
                workDir = temporary ? Files.createTempDirectory("meshbone-registry-")
                        : Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the registry work directory", e);
            }
            return startOnce(java, home, httpPort, managementPort, workDir, temporary, !temporary || auth != null,
                    auth);
        }, e -> e instanceof PortTakenException);
    }

    /**
     * Stops the child and starts it again on the same port, work directory and storage with a new list of users:
     * the registry's embedded users are static configuration, read once at start. Clients keep their URL; calls
     * during the few seconds of the restart fail.
     *
     * @return the running registry; this instance is closed
     * @throws IllegalStateException when this registry runs without security
     */
    public EmbeddedRegistry restart(List<MeshPrincipal> users) {
        if (auth == null) {
            throw new IllegalStateException("this registry runs without security: it has no users");
        }
        if (users.stream().noneMatch(u -> u.kind() == PrincipalKind.ADMIN)) {
            throw new IllegalArgumentException("a secure registry needs an ADMIN user to create groups");
        }
        stopProcess();
        return startAgain(new Auth(users, auth.secretsDir()));
    }

    /**
     * A crash: SIGKILLs the child (no shutdown). {@link #startAgain()} brings it back; until then every call fails
     * to connect.
     */
    public void kill() {
        ChildJvm.kill(process);
    }

    /**
     * Starts the child again (after {@link #kill()}, or stops it first) on the same port, work directory, storage
     * and users: what a registry kept in its H2 file is there again; in-memory storage starts empty.
     *
     * @return the running registry; this instance is closed
     */
    public EmbeddedRegistry startAgain() {
        stopProcess();
        return startAgain(auth);
    }

    private EmbeddedRegistry startAgain(Auth users) {
        removeShutdownHook();
        JavaRuntimes.Runtime java = JavaRuntimes.require(21, "Apicurio Registry " + Versions.registry());
        Path home = RegistryDistribution.home();
        boolean fileStorage = !ownsWorkDir || auth != null;
        // Our own port again: clients hold the URL. Only the management port is new.
        return PortRetry.start("Registry", port, (httpPort, managementPort) -> startOnce(java, home, httpPort,
                managementPort, workDir, ownsWorkDir, fileStorage, users), e -> e instanceof PortTakenException);
    }

    private static EmbeddedRegistry startOnce(JavaRuntimes.Runtime java, Path home, int httpPort, int managementPort,
                                              Path workDir, boolean temporary, boolean fileStorage, Auth auth) {
        long started = System.nanoTime();
        Path log = workDir.resolve("registry.log");
        List<String> command = new ArrayList<>();
        command.add(java.executable().toString());
        command.addAll(Arrays.asList(EmbeddedSettings.get(EmbeddedSettings.REGISTRY_JVM_OPTIONS)
                .orElse(DEFAULT_JVM_OPTIONS).split("\\s+")));
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + httpPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        if (fileStorage) {
            // WRITE_DELAY=0: H2 writes a commit before the registry answers, not up to 500 ms later, so that a
            // SIGKILL does not lose a version a producer already frames records with.
            command.add("-Dapicurio.datasource.url=jdbc:h2:file:" + workDir.resolve("registry-db").toAbsolutePath()
                    + ";WRITE_DELAY=0");
        }
        if (auth != null) {
            // The file's path is on the command line, its content (the passwords) is not.
            command.add("-Dquarkus.config.locations=" + writeAuthConfig(auth).toUri());
        }
        command.add("-jar");
        command.add(home.resolve("quarkus-run.jar").toString());
        Process process;
        try {
            process = new ProcessBuilder(ChildJvm.diesWithThisJvm("meshbone-registry", command)).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            if (temporary) {
                Directories.deleteQuietly(workDir);
            }
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        EmbeddedRegistry registry = new EmbeddedRegistry(process, httpPort, workDir, temporary, auth);
        try {
            registry.awaitReady(managementPort, log);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOGGER.info("Apicurio Registry {} ({}) ready at {} in {} ms (Java {}, pid {})", Versions.registry(),
                auth == null ? "no authentication" : "basic auth, " + auth.users().size() + " users",
                registry.url(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), java.feature(),
                process.pid());
        return registry;
    }

    /**
     * The security settings, with every user's password and role, in a file of mode 0600: Quarkus reads it as an
     * extra configuration source ({@code quarkus.config.locations}).
     */
    static Properties authProperties(List<MeshPrincipal> users) {
        Properties props = new Properties();
        props.put("quarkus.http.auth.basic", "true");
        props.put("quarkus.security.users.embedded.enabled", "true");
        props.put("quarkus.security.users.embedded.plain-text", "true");
        for (MeshPrincipal user : users) {
            props.put("quarkus.security.users.embedded.users." + user.name(), user.password());
            props.put("quarkus.security.users.embedded.roles." + user.name(), user.kind().registryRole());
        }
        props.put("apicurio.auth.role-based-authorization", "true");
        props.put("apicurio.auth.owner-only-authorization", "true");
        props.put("apicurio.auth.owner-only-authorization.limit-group-access", "true");
        // The Confluent-compatible API would let a domain create artifacts in another's group (X-Registry-GroupId).
        props.put("quarkus.http.auth.permission.noccompat.paths", "/apis/ccompat/*");
        props.put("quarkus.http.auth.permission.noccompat.policy", "deny");
        return props;
    }

    private static Path writeAuthConfig(Auth auth) {
        Path file = auth.secretsDir().resolve(USERS_FILE);
        try {
            Files.deleteIfExists(file);
            Secrets.createPrivateFile(file);
            try (java.io.Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                authProperties(auth.users()).store(out, "Apicurio Registry users, written by Meshbone; private");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private void awaitReady(int managementPort, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = ChildJvm.tail(log);
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
                + " s. Last lines of " + log + ":\n" + ChildJvm.tail(log));
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

    /** Whether this registry authenticates and authorises. */
    public SecurityMode securityMode() {
        return auth == null ? SecurityMode.PLAINTEXT : SecurityMode.SECURE;
    }

    /** The users it was started with (none without security). */
    public List<MeshPrincipal> users() {
        return auth == null ? List.of() : auth.users();
    }

    /** Where the registry's log (and with a data folder, its database) lives. */
    public Path directory() {
        return workDir;
    }

    @Override
    public void close() {
        stopProcess();
        removeShutdownHook();
        if (ownsWorkDir) {
            Directories.deleteQuietly(workDir);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopProcess() {
        ChildJvm.stop(process, 15);
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String log) {
            super("the registry could not bind its port:\n" + log);
        }
    }
}
