package dev.meshbone.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the embedded stack's child JVMs (the registry, a broker that may crash) share: how they start and stop. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Shutdown hooks do not run when this JVM is killed hard (SIGKILL, a test runner's fork timeout). On Unix the
     * child is started under a small shell watchdog that stops it as soon as this JVM is gone.
     */
    static List<String> diesWithThisJvm(String name, List<String> command) {
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            return command;
        }
        String watchdog = "parent=$1; shift; \"$@\" & child=$!; trap 'kill $child 2>/dev/null' TERM INT; "
                + "while kill -0 $parent 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
                + "kill $child 2>/dev/null; wait $child";
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", watchdog, name,
                String.valueOf(ProcessHandle.current().pid())));
        wrapped.addAll(command);
        return wrapped;
    }

    /** A crash: SIGKILL of the child JVM (under its watchdog) and the watchdog; returns once they are gone. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (the child's shutdown hooks run), and SIGKILL when it is still there after {@code seconds}. */
    static void stop(Process process, int seconds) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last 30 lines of a child's log, to explain why it did not start. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
