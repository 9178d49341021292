package io.streamgate.loadgen;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open loop at a fixed rate: request {@code i} is intended at {@code start + i / rate} whatever the responses
 * do, and its latency is measured from that intended time. A server that stalls therefore shows the stall in
 * every request queued behind it, instead of silently slowing the generator down (coordinated omission).
 *
 * <p>There is no dispatcher thread handing requests to connections (two thread hand-offs per request would
 * cost more CPU than the request itself): each worker owns one keep-alive connection and, whenever it is free,
 * claims the next slot of the schedule and sleeps until its time. A slot claimed after its time means every
 * connection was busy then, so the pool grows by one connection, up to {@code maxConnections}. A request that
 * starts more than {@link #LATE_TOLERANCE_NANOS} after its intended time is counted as late — either the pool
 * was exhausted or the generator itself could not keep up; its latency still counts from the intended time.
 */
public final class FixedRateScheduler extends AbstractScheduler {

    /** Wake-up jitter below this is normal for a sleeping thread and not counted as late. */
    static final long LATE_TOLERANCE_NANOS = 1_000_000;

    private final double ratePerSecond;
    private final int initialConnections;
    private final int maxConnections;
    private final AtomicLong nextSlot = new AtomicLong();
    private final AtomicInteger workers = new AtomicInteger();
    private RateSchedule schedule;
    private long slots;

    public FixedRateScheduler(double ratePerSecond, int initialConnections, int maxConnections,
                              ThreadFactory threads) {
        super(threads);
        if (maxConnections < 1 || initialConnections < 1 || initialConnections > maxConnections) {
            throw new IllegalArgumentException("need 1 <= initial connections <= max connections");
        }
        this.ratePerSecond = ratePerSecond;
        this.initialConnections = initialConnections;
        this.maxConnections = maxConnections;
    }

    @Override
    protected void begin() {
        schedule = new RateSchedule(startNanos, ratePerSecond);
        slots = schedule.slotsBefore(endNanos);
        workers.set(initialConnections);
        for (int i = 0; i < initialConnections; i++) {
            spawn(this::work);
        }
    }

    private void grow() {
        int n;
        while ((n = workers.get()) < maxConnections) {
            if (workers.compareAndSet(n, n + 1)) {
                spawn(this::work);
                return;
            }
        }
    }

    private void work() {
        // Connect before claiming a slot, so that connection set-up is not charged to a request's latency.
        Target.Connection conn = tryConnect(false);
        try {
            while (!stopping()) {
                long slot = nextSlot.getAndIncrement();
                if (slot >= slots) {
                    return;
                }
                long intended = schedule.intendedNanos(slot);
                if (RateSchedule.isLate(intended, System.nanoTime(), LATE_TOLERANCE_NANOS)) {
                    grow();
                }
                sleepUntil(intended);
                if (RateSchedule.isLate(intended, System.nanoTime(), LATE_TOLERANCE_NANOS)) {
                    stats.recordLate();
                }
                if (conn == null && (conn = tryConnect()) == null) {
                    continue;
                }
                conn = perform(conn, slot, intended);
            }
        } finally {
            close(conn);
        }
    }

    private static void sleepUntil(long nanoTime) {
        // parkNanos may return early (spurious wake-up), hence the loop. No spinning: the cores belong to the
        // server under test.
        for (long d; (d = nanoTime - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(d);
        }
    }

    @Override
    public String describe() {
        return "open loop, " + fmt(ratePerSecond) + " req/s, " + initialConnections + ".." + maxConnections
                + " connections";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
