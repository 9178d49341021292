package io.streamgate.platform.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Housekeeping that drops rows past their time (expired idempotency keys, payment statuses, old applied event ids):
 * the sweep runs on a daemon thread of its own, the first time after one interval or a minute, whichever is shorter
 * (not in the middle of start-up), then one interval after each run ends. A run that fails (the database is down) is
 * logged and the next one tries again; how many rows a run dropped is logged when it dropped any. Every replica
 * sweeps: deleting expired rows is idempotent. {@link #close()} stops it (a Spring bean's destroy method).
 */
public final class PeriodicSweep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicSweep.class);
    private static final Duration LATEST_FIRST_RUN = Duration.ofMinutes(1);

    private final ScheduledExecutorService thread;

    private PeriodicSweep(String name, Duration interval, String what, IntSupplier sweep) {
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        long every = interval.toMillis();
        long first = Math.min(every, LATEST_FIRST_RUN.toMillis());
        thread.scheduleWithFixedDelay(() -> run(what, sweep), first, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts sweeping.
     *
     * @param name     the thread's name
     * @param interval the time between the end of one run and the start of the next
     * @param what     what a run drops, for the log ("expired idempotency keys")
     * @param sweep    the run: blocking, returns how many rows it dropped
     */
    public static PeriodicSweep start(String name, Duration interval, String what, IntSupplier sweep) {
        Objects.requireNonNull(sweep, "sweep");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval of sweep " + name + " must be positive: " + interval);
        }
        return new PeriodicSweep(name, interval, what, sweep);
    }

    private static void run(String what, IntSupplier sweep) {
        try {
            int dropped = sweep.getAsInt();
            if (dropped > 0) {
                log.info("Dropped {} {}", dropped, what);
            }
        } catch (RuntimeException e) {
            // Caught, or the executor would silently never run the sweep again.
            log.warn("Could not drop {}, will try again: {}", what, e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
