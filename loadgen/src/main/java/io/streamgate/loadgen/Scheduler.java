package io.streamgate.loadgen;

import java.time.Duration;

/**
 * Decides when requests are sent. Implementations: {@link ClosedLoopScheduler} (maximum throughput) and
 * {@link FixedRateScheduler} (open loop, latency without coordinated omission).
 *
 * <p>Lifecycle: {@link #start} once, then {@link #awaitEnd}. Results go to the {@link LoadStats} given to
 * {@code start}, which the caller reads (e.g. every second) while the load runs.
 */
public interface Scheduler {

    /**
     * Starts sending and returns. The run spans [{@code startNanos}, {@code endNanos}) on the
     * {@link System#nanoTime()} scale: a fixed-rate schedule is anchored at {@code startNanos} (so a slow thread
     * start does not shorten the run), and no request is started at or after {@code endNanos}.
     */
    void start(Target target, LoadStats stats, long startNanos, long endNanos);

    /**
     * Waits until every sending thread has finished its last request, at most {@code grace} after
     * {@code endNanos}; then closes the remaining connections, so that a hung server cannot hang the run.
     *
     * @return the number of requests abandoned in flight by that forced close
     */
    int awaitEnd(Duration grace) throws InterruptedException;

    /** Connections currently open (for progress output). */
    int connections();

    /** One-line description for reports, e.g. {@code closed loop, 64 connections}. */
    String describe();
}
