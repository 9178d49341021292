package io.streamgate.platform.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A check of a dependency that concurrent callers share: at most one run at a time (single flight), its result reused
 * for {@code ttl}, and every run on a thread of its own, never the caller's.
 * <p>
 * That is what makes it safe behind an HTTP route: when a client gives up, WebFlux cancels the request and Reactor
 * interrupts the {@code boundedElastic} thread serving it. Here that thread only waits; the interrupt ends its wait
 * ({@link #get} throws {@link InterruptedException}) and the run goes on, its result serving the next callers. Only a
 * run that finished is cached: a run whose own thread was interrupted (the platform never does that, but the check or
 * a library under it might), or which failed with an {@link Error}, completes the callers waiting for it
 * exceptionally and is never reused. A caller whose bound
 * passes gets a {@link TimeoutException} for itself, and the run still goes on.
 * <p>
 * Limits: a run that never returns blocks the check for good (every caller then times out); give the check its own
 * timeouts. The result of a run that failed with a {@link RuntimeException} is cached like any other: the dependency
 * was asked and answered badly.
 *
 * @param <T> what a run yields, e.g. a {@code Health}
 */
final class SharedCheck<T> {

    /**
     * The threads runs use: created when needed, idle ones end after a minute. Never shut down: they are daemons,
     * and nothing here is ever interrupted on a caller's behalf.
     */
    private static final ExecutorService RUNS = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("streamgate-check-", 0).factory());

    /** A run that finished, and when. */
    private record Finished<T>(T value, RuntimeException failure, long at) {
    }

    private final String name;
    private final Supplier<T> check;
    private final long ttlNanos;
    private volatile Finished<T> last;
    /** The run in flight, or null; guarded by {@code this}. */
    private CompletableFuture<T> running;

    private SharedCheck(String name, Supplier<T> check, Duration ttl) {
        this.name = Objects.requireNonNull(name, "name");
        this.check = Objects.requireNonNull(check, "check");
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * @param name  for messages, e.g. {@code schemaRegistry}
     * @param check the blocking check; runs on a thread of the platform's, one run at a time
     * @param ttl   how long a finished run's result is reused; zero: only callers that arrive while a run is in flight
     *              share it
     */
    public static <T> SharedCheck<T> of(String name, Supplier<T> check, Duration ttl) {
        return new SharedCheck<>(name, check, ttl);
    }

    public String name() {
        return name;
    }

    /**
     * The result of the last run while it is fresh; otherwise that of the run in flight, started if there is none.
     * Never blocks. The future is the caller's own: cancelling it, or abandoning it, does not touch the run.
     */
    public CompletableFuture<T> result() {
        Finished<T> finished = last;
        if (fresh(finished)) {
            return completed(finished);
        }
        synchronized (this) {
            finished = last;
            if (fresh(finished)) {
                return completed(finished);
            }
            if (running == null) {
                CompletableFuture<T> run = new CompletableFuture<>();
                try {
                    RUNS.execute(() -> run(run));
                } catch (RejectedExecutionException e) {
                    run.completeExceptionally(e);
                    return run.copy();
                }
                running = run;
            }
            return running.copy();
        }
    }

    /**
     * Waits at most {@code bound} for {@link #result()}.
     *
     * @throws InterruptedException when the caller is interrupted while it waits; the run goes on
     * @throws TimeoutException     when the result is not there within {@code bound}; the run goes on
     * @throws RuntimeException     the check's own failure, or {@link CheckInterruptedException} when the run did not
     *                              finish
     */
    public T get(Duration bound) throws InterruptedException, TimeoutException {
        try {
            return result().get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void run(CompletableFuture<T> run) {
        T value = null;
        Throwable failure = null;
        try {
            value = check.get();
        } catch (Throwable t) {
            failure = t;
        }
        // A check that swallowed an interrupt (e.g. an HTTP client turning it into an exception) says so through the
        // thread's flag; clear it, so that the pool's next run starts clean.
        boolean interrupted = Thread.interrupted() || causedByInterrupt(failure);
        boolean finished = !interrupted && !(failure instanceof Error);
        synchronized (this) {
            if (finished) {
                last = new Finished<>(value, (RuntimeException) failure, System.nanoTime());
            }
            running = null;
        }
        if (interrupted) {
            run.completeExceptionally(new CheckInterruptedException(name));
        } else if (failure != null) {
            run.completeExceptionally(failure);
        } else {
            run.complete(value);
        }
    }

    private boolean fresh(Finished<T> finished) {
        return finished != null && System.nanoTime() - finished.at() < ttlNanos;
    }

    private static <T> CompletableFuture<T> completed(Finished<T> finished) {
        return finished.failure() == null ? CompletableFuture.completedFuture(finished.value())
                : CompletableFuture.failedFuture(finished.failure());
    }

    private static boolean causedByInterrupt(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** A run was interrupted before it finished: it has no result, and none is cached. */
    public static final class CheckInterruptedException extends RuntimeException {

        CheckInterruptedException(String check) {
            super("The " + check + " check was interrupted before it finished");
        }
    }
}
