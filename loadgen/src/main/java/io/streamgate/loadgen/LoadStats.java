package io.streamgate.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latencies written by the sending threads and read by one reporting thread.
 *
 * <p>Latencies go into an HdrHistogram {@link Recorder} (microseconds, 3 significant digits), whose interval
 * histograms let the reporter take "the last second" without stopping the writers. Counters are cumulative;
 * the reporter works with differences of {@link Snapshot}s, which is how warm-up is excluded.
 */
public final class LoadStats {

    /** Latencies above one hour are clamped: a run is never longer. */
    static final long MAX_MICROS = 3_600_000_000L;
    private static final int MAX_STATUS = 600;

    private final Recorder latency = new Recorder(MAX_MICROS, 3);
    private final LongAdder[] byStatus = new LongAdder[MAX_STATUS];
    private final LongAdder otherStatus = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Errors by cause, so that a report says why; errors are rare, so a map lookup each is affordable. */
    private final Map<String, LongAdder> errorCauses = new ConcurrentHashMap<>();
    private final LongAdder late = new LongAdder();

    public LoadStats() {
        for (int i = 0; i < MAX_STATUS; i++) {
            byStatus[i] = new LongAdder();
        }
    }

    /** A complete response; {@code latencyNanos} from the intended (open loop) or actual (closed) send time. */
    public void recordResponse(int status, long latencyNanos) {
        latency.recordValue(Math.min(MAX_MICROS, Math.max(0, latencyNanos / 1000)));
        (status >= 0 && status < MAX_STATUS ? byStatus[status] : otherStatus).increment();
    }

    /** A connect, write or read failure (no response). */
    public void recordError(Exception cause) {
        errors.increment();
        String key = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        errorCauses.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Errors so far by cause (whole run, warm-up included). */
    public Map<String, Long> errorCauses() {
        Map<String, Long> m = new TreeMap<>();
        errorCauses.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** A request that started later than its intended time by more than the scheduler's tolerance. */
    public void recordLate() {
        late.increment();
    }

    /** Cumulative counters now, plus the latencies recorded since the previous snapshot. */
    public Snapshot snapshot() {
        Histogram interval = latency.getIntervalHistogram();
        long[] codes = new long[MAX_STATUS + 1];
        for (int i = 0; i < MAX_STATUS; i++) {
            codes[i] = byStatus[i].sum();
        }
        codes[MAX_STATUS] = otherStatus.sum();
        return new Snapshot(System.nanoTime(), codes, errors.sum(), late.sum(), interval);
    }

    /**
     * @param statusCounts cumulative responses per status code; the last slot counts codes outside 0..599
     * @param interval     latencies recorded since the previous snapshot (microseconds)
     */
    public record Snapshot(long nanoTime, long[] statusCounts, long errors, long late, Histogram interval) {

        public long responses() {
            long n = 0;
            for (long c : statusCounts) {
                n += c;
            }
            return n;
        }

        /** Counters accumulated since {@code earlier} (the histogram is not part of the difference). */
        public Snapshot minus(Snapshot earlier) {
            long[] codes = new long[statusCounts.length];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = statusCounts[i] - earlier.statusCounts[i];
            }
            return new Snapshot(nanoTime, codes, errors - earlier.errors, late - earlier.late, interval);
        }
    }
}
