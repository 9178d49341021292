package io.streamgate.loadgen;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A hard cap on the read requests a measurement has in flight, so that the measurement's own load is bounded
 * whatever the system under test does (an unbounded poller multiplies its requests exactly when the system slows
 * down, and then measures the slowdown it caused).
 *
 * <p>{@link #submit} runs the poll at once if a slot is free, otherwise queues it (first come, first served) until
 * {@link #release} frees one. A queued poll is merely late: the visibility it measures counts up to the arrival of
 * the first 200, so waiting for a slot can only make a figure worse, never better. The queue is bounded by the
 * number of orders being watched (each has at most one poll pending).
 */
final class PollLimiter {

    private final int maxInFlight;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;
    private int maxObserved;
    private long queued;

    PollLimiter(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight must be >= 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /** Runs {@code poll} now (it must call {@link #release} once its request completed) or when a slot frees. */
    void submit(Runnable poll) {
        synchronized (this) {
            if (inFlight >= maxInFlight) {
                waiting.add(poll);
                queued++;
                return;
            }
            take();
        }
        poll.run();
    }

    /** Frees the slot of a completed request; hands it straight to the longest-waiting poll, if any. */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
                return;
            }
            // The slot passes to the waiting poll without ever being free: inFlight stays as it is.
        }
        next.run();
    }

    private void take() {
        inFlight++;
        maxObserved = Math.max(maxObserved, inFlight);
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int maxObserved() {
        return maxObserved;
    }

    /** Polls that had to wait for a slot (cumulative). */
    synchronized long queued() {
        return queued;
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
