package dev.meshbone.contract;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * What mesh-contract's {@code *FuzzTest} classes share: a copy of {@code dev.meshbone.testkit.Fuzz}, which the other
 * modules use (the test kit depends on this module, so this module cannot use the kit).
 * As a jqwik hook ({@code @AddLifecycleHook(Fuzz.class)}) it sets every property's tries to the system property
 * {@value #TRIES} when it is given, for long runs; without it each property runs its own, CI-sized tries.
 * {@link #within} bounds one try's time, so a hang fails the property instead of the build.
 */
public final class Fuzz implements AroundPropertyHook {

    /** Overrides the tries of every fuzz property, e.g. {@code -Dmeshbone.fuzz.tries=200000}. */
    public static final String TRIES = "meshbone.fuzz.tries";

    // Cached: a try that hangs keeps its thread, the next try gets another one.
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-try");
        t.setDaemon(true);
        return t;
    });

    public Fuzz() {
    }

    /** On the class, for each of its properties: a container's hooks apply to the container alone by default. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.DIRECT_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(TRIES, "").trim();
        if (!tries.isEmpty()) {
            context.attributes().setTries(Integer.parseInt(tries));
        }
        return property.execute();
    }

    /**
     * Runs {@code action} on another thread and answers its result; throws what it throws (errors included, so a
     * StackOverflowError or OutOfMemoryError fails the try as itself), or an AssertionError when it takes longer
     * than {@code bound}.
     */
    public static <T> T within(Duration bound, String what, Callable<T> action) throws Exception {
        Future<T> result = WORKERS.submit(action);
        try {
            return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError(what + " did not finish within " + bound);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        }
    }
}
