package io.streamgate.platform.streams;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a failed stream thread waits before it is replaced. A failure that persists (the registry down while a
 * writer schema is not cached) would otherwise make the replacement fail at once again, each round a rebalance and,
 * under exactly_once_v2, a restore of the task's state from its changelog. The first failure after a quiet period is
 * replaced at once; each following one waits twice as long as the one before, from 1 s up to 8 s (below the
 * 10 s transaction timeout Kafka Streams sets under exactly_once_v2, so the broker does not abort the failed thread's
 * transaction under it while it waits). Thread-safe.
 */
final class ThreadReplacementBackoff {

    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofSeconds(8);
    /** No failure for this long: the next one counts as the first again. */
    static final Duration QUIET = Duration.ofMinutes(1);

    private final LongSupplier nanoClock;
    private int failures;
    private long lastFailure;

    ThreadReplacementBackoff(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Records a failure now; returns how long its thread should wait before being replaced. */
    synchronized Duration nextPause() {
        long now = nanoClock.getAsLong();
        if (failures > 0 && now - lastFailure > QUIET.toNanos()) {
            failures = 0;
        }
        lastFailure = now;
        failures++;
        if (failures == 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 2, 30);
        Duration pause = FIRST_PAUSE.multipliedBy(1L << doublings);
        return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
    }
}
