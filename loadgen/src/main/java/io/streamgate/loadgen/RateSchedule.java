package io.streamgate.loadgen;

/**
 * The timing math of the open-loop scheduler: request {@code i} is intended at {@code start + i / rate}.
 *
 * <p>Each intended time is computed from the start, never by adding a period to the previous one, so
 * rounding never accumulates into drift: at 5,000/s, request 150,000 is intended exactly 30 s after the start.
 */
final class RateSchedule {

    private static final double NANOS_PER_SECOND = 1e9;

    private final long startNanos;
    private final double perSecond;

    RateSchedule(long startNanos, double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number, got " + perSecond);
        }
        this.startNanos = startNanos;
        this.perSecond = perSecond;
    }

    /** The {@link System#nanoTime()} at which request {@code index} (from 0) should be sent. */
    long intendedNanos(long index) {
        return startNanos + Math.round(index * NANOS_PER_SECOND / perSecond);
    }

    /** How many requests are intended strictly before {@code endNanos}. */
    long slotsBefore(long endNanos) {
        if (endNanos <= startNanos) {
            return 0;
        }
        long n = (long) Math.ceil((endNanos - startNanos) * perSecond / NANOS_PER_SECOND);
        // The floating-point estimate can be off by one at the boundary; settle it on the exact definition.
        while (n > 0 && intendedNanos(n - 1) >= endNanos) {
            n--;
        }
        while (intendedNanos(n) < endNanos) {
            n++;
        }
        return n;
    }

    /** True if a request intended at {@code intendedNanos} that starts at {@code actualNanos} is late. */
    static boolean isLate(long intendedNanos, long actualNanos, long toleranceNanos) {
        return actualNanos - intendedNanos > toleranceNanos;
    }
}
