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
 * What the {@code *FuzzTest} classes of every module share; the others take it from this module's test jar (the test
 * kit depends on this module, so the hook cannot live in the kit).
 * As a jqwik hook ({@code @AddLifecycleHook(Fuzz.class)}) it multiplies every property's tries by the system property
 * {@value #SCALE} when it is given, for long runs (each property's own tries are sized for CI and for the cost of
 * its inputs, so a scale keeps their proportions); examples, which have no generated parameters, run once.
 * {@link #within} bounds one try's time, so a hang fails the property instead of the build.
 */
public final class Fuzz implements AroundPropertyHook {

    /** Multiplies the tries of every fuzz property, e.g. {@code -Dmeshbone.fuzz.scale=30}. */
    public static final String SCALE = "meshbone.fuzz.scale";
    /** jqwik's tries when a property does not say. */
    private static final int DEFAULT_TRIES = 1_000;

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
        String scale = System.getProperty(SCALE, "").trim();
        if (!scale.isEmpty() && context.targetMethod().getParameterCount() > 0) {
            int tries = context.attributes().tries().orElse(DEFAULT_TRIES);
            context.attributes().setTries(Math.multiplyExact(tries, Integer.parseInt(scale)));
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
