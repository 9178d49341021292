package io.streamgate.platform.dashboard;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A timer's histogram as cumulative counts: for each bucket's upper bound (milliseconds) the number of values at or
 * below it, plus the total count (which includes values above the last bound). Two readings of the same timers
 * subtract into the values recorded between them, and the timers of a group (a system's routes) add up, so
 * percentiles are those of one interval, not of the whole run.
 * <p>
 * Reads the counts as the Prometheus registry keeps them: cumulative since the start, never decaying. Counts that went
 * down (a meter removed and registered again) read as nothing recorded in that interval.
 */
final class Buckets {

    static final Buckets EMPTY = new Buckets(new TreeMap<>(), 0);

    /** Upper bound in milliseconds to the count of values at or below it. */
    private final TreeMap<Double, Long> atOrBelow;
    private final long total;

    private Buckets(TreeMap<Double, Long> atOrBelow, long total) {
        this.atOrBelow = atOrBelow;
        this.total = total;
    }

    static Buckets of(HistogramSnapshot snapshot) {
        TreeMap<Double, Long> counts = new TreeMap<>();
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (!Double.isInfinite(bucket.bucket())) {
                counts.put(bucket.bucket(TimeUnit.MILLISECONDS), (long) bucket.count());
            }
        }
        return new Buckets(counts, snapshot.count());
    }

    long total() {
        return total;
    }

    /** What was recorded after {@code earlier}; nothing when a count went down (a reset). */
    Buckets since(Buckets earlier) {
        if (earlier == null) {
            return this;
        }
        if (total < earlier.total) {
            return EMPTY;
        }
        TreeMap<Double, Long> counts = new TreeMap<>();
        for (Map.Entry<Double, Long> bucket : atOrBelow.entrySet()) {
            long before = earlier.atOrBelow.getOrDefault(bucket.getKey(), 0L);
            if (bucket.getValue() < before) {
                return EMPTY;
            }
            counts.put(bucket.getKey(), bucket.getValue() - before);
        }
        return new Buckets(counts, total - earlier.total);
    }

    /** The sum of both, bucket by bucket (timers of one name share their bounds). */
    Buckets plus(Buckets other) {
        TreeMap<Double, Long> counts = new TreeMap<>(atOrBelow);
        other.atOrBelow.forEach((bound, count) -> counts.merge(bound, count, Long::sum));
        return new Buckets(counts, total + other.total);
    }

    /**
     * The {@code q} quantile in milliseconds, interpolated linearly inside its bucket (as Prometheus'
     * {@code histogram_quantile} does); the highest bound when it lies above it; null when nothing was recorded.
     */
    Double quantile(double q) {
        if (total <= 0) {
            return null;
        }
        double rank = q * total;
        double lowerBound = 0;
        long lowerCount = 0;
        for (Map.Entry<Double, Long> bucket : atOrBelow.entrySet()) {
            long count = bucket.getValue();
            if (count >= rank && count > lowerCount) {
                return lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / (count - lowerCount);
            }
            lowerBound = bucket.getKey();
            lowerCount = Math.max(lowerCount, count);
        }
        return atOrBelow.isEmpty() ? null : atOrBelow.lastKey();
    }
}
