package dev.meshbone.cli.up;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** One line per component as it becomes ready, with what it is, where, and how long it took. */
final class Progress {

    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    <T> T step(String component, Callable<T> start, java.util.function.Function<T, String> where) throws Exception {
        long started = System.nanoTime();
        out.printf("  … %-34s starting%n", component);
        T result = start.call();
        out.printf("  ✔ %-34s %-40s %5.1f s%n", component, where.apply(result), (System.nanoTime() - started) / 1e9);
        return result;
    }
}
