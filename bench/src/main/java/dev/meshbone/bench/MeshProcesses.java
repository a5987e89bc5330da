package dev.meshbone.bench;

import dev.meshbone.catalog.app.CatalogApp;
import dev.meshbone.governance.app.GovernanceApp;
import java.io.IOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Governance and catalog instances as child JVMs of this one (the app's main with a settings file, on this JVM's
 * class path), each logging to a file of its own. Closing stops them gracefully (SIGTERM: the current transaction
 * commits or aborts) and kills what is left; a shutdown hook kills them if this JVM exits any other way.
 */
final class MeshProcesses implements AutoCloseable {

    /** One instance: its name (also its Kafka client id), its process, its /health port and its log. */
    record Instance(String name, Process process, int httpPort, Path log) {
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final List<Instance> instances = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread killer = new Thread(this::kill, "bench-kill-mesh-jvms");

    MeshProcesses() {
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts a governance instance with these settings, its own HTTP port and {@code kafka.client.id} (so its stream
     * threads' consumers are {@code <name>-StreamThread-<n>-consumer} in the group), its files in {@code dir}.
     */
    Instance startGovernance(String name, Properties settings, String heap, Path dir) throws IOException {
        Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("governance.instance.id", name);
        return start(name, GovernanceApp.class, "governance.http.port", props, heap, dir);
    }

    /** Starts a catalog projector with these settings, its own HTTP port and client id, its files in {@code dir}. */
    Instance startCatalog(String name, Properties settings, String heap, Path dir) throws IOException {
        return start(name, CatalogApp.class, "catalog.http.port", settings, heap, dir);
    }

    private Instance start(String name, Class<?> main, String portSetting, Properties settings, String heap, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Properties props = new Properties();
        props.putAll(settings);
        int port = freePort();
        props.setProperty(portSetting, String.valueOf(port));
        props.setProperty("kafka.client.id", name);
        Path file = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, name + ", started by the bench");
        }
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), main.getName(),
                file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())); // a restart continues the log
        // The settings file alone configures it: variables would override the file.
        builder.environment().keySet().removeIf(key -> key.startsWith("MESHBONE_"));
        Instance instance = new Instance(name, builder.start(), port, log);
        instances.add(instance);
        return instance;
    }

    /** Whether every instance's Kafka Streams is RUNNING; fails when one has exited. */
    boolean allRunning() throws InterruptedException {
        for (Instance instance : instances) {
            if (!instance.process().isAlive()) {
                throw new IllegalStateException("instance " + instance.name() + " exited with "
                        + instance.process().exitValue() + "; its log: " + instance.log());
            }
            if (!running(instance)) {
                return false;
            }
        }
        return true;
    }

    private boolean running(Instance instance) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort() + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body().contains("\"streams\":\"RUNNING\"");
        } catch (IOException e) {
            return false; // not listening yet, or too busy starting to answer
        }
    }

    /** SIGKILLs an instance (no shutdown hook, no commit, no leave) and forgets it; returns once it is gone. */
    void kill(Instance instance) throws InterruptedException {
        instance.process().destroyForcibly();
        if (!instance.process().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("instance " + instance.name() + " survived SIGKILL");
        }
        instances.remove(instance);
    }

    List<Instance> instances() {
        return List.copyOf(instances);
    }

    @Override
    public void close() {
        instances.forEach(i -> i.process().destroy());
        for (Instance instance : instances) {
            try {
                if (!instance.process().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.printf("instance %s did not stop within %d s; killing it%n",
                            instance.name(), STOP_TIMEOUT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // This JVM is exiting: the hook runs (and kills them again, harmlessly).
        }
    }

    private void kill() {
        instances.forEach(i -> i.process().destroyForcibly());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
