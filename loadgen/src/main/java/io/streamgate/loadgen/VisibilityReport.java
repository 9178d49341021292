package io.streamgate.loadgen;

import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one {@link VisibilityLatency} run, measured window only (warm-up excluded). Latencies in
 * microseconds.
 *
 * @param connections     most keep-alive connections (one thread each) the POSTs were sent on in the window
 *                        (sampled once a second)
 * @param maxConnections  the most the POST pool may grow to
 * @param posted          POSTs intended in the measured window
 * @param postErrors      of those, POSTs without a response (connect/read failure, timeout, abandoned at the end)
 * @param postNon2xx      of those, POSTs answered with a status outside 2xx
 * @param postsWithoutId  of those, 201s without an id in the id header (e.g. no {@code Location}): not watched
 * @param postLate        of those, POSTs sent more than 1 ms after their intended time (the generator fell behind)
 * @param postLatency     POST latency from the intended send time (open loop, no coordinated omission)
 * @param sampled         orders of the sample (intended in the window, answered 201 with an id): the ones watched
 * @param visible         of those, seen with a 200 before the give-up time
 * @param notVisible      of those, not seen within the give-up time
 * @param visibility      201 arrival → arrival of the first 200 of the read route, visible orders only
 * @param gets            read requests sent in the window (all orders being watched): the measurement's own load
 * @param allGets         read requests sent in all, including the tail after the window
 * @param getErrors       read requests without a response or answered other than 200/404
 * @param getsQueued      read requests that waited for a slot under the in-flight cap (each is late by that wait)
 * @param slotWait        per read, the wait for a slot under the cap (0 for most reads when the cap is not binding)
 * @param maxGetsInFlight most read requests in flight at once (never above the cap)
 * @param cpuSeconds      CPU time of the tool's whole process (all its threads, JIT and GC included) over the window
 * @param cpuWallSeconds  the wall-clock time {@code cpuSeconds} was taken over (the measured window)
 * @param errorCauses     POST and read failures by cause, whole run (warm-up included), to say why
 */
record VisibilityReport(
        int rate,
        double seconds,
        int warmupSeconds,
        long sampleEvery,
        long pollMillis,
        int maxPollsInFlight,
        long giveUpMillis,
        int connections,
        int maxConnections,
        long posted,
        long postErrors,
        long postNon2xx,
        long postsWithoutId,
        long postLate,
        Histogram postLatency,
        long sampled,
        long visible,
        long notVisible,
        Histogram visibility,
        long gets,
        long allGets,
        long getErrors,
        long getsQueued,
        Histogram slotWait,
        int maxGetsInFlight,
        double cpuSeconds,
        double cpuWallSeconds,
        Map<String, Long> errorCauses) {

    double getsPerSecond() {
        return seconds > 0 ? gets / seconds : 0;
    }

    /** The tool's CPU use over the window in percent of one core (100 = one core busy all the time). */
    double cpuPercentOfOneCore() {
        return cpuWallSeconds > 0 ? 100 * cpuSeconds / cpuWallSeconds : 0;
    }

    String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(fmt("visibility: POST at %d/s (open loop) for %.0f s after %d s warm-up; 1 order in %d watched, "
                + "polled every %d ms, at most %d reads in flight, given up after %d ms%n", rate, seconds,
                warmupSeconds, sampleEvery, pollMillis, maxPollsInFlight, giveUpMillis));
        sb.append(fmt("posts         %d  errors %d  non-2xx %d  201 without an id %d  late %d  (late = sent > 1 ms "
                + "after its intended time; on up to %d keep-alive connections of at most %d)%n", posted,
                postErrors, postNon2xx, postsWithoutId, postLate, connections, maxConnections));
        sb.append(fmt("post latency  p50 %s  p99 %s  max %s  (from the intended send time)%n",
                ms(postLatency, 50), ms(postLatency, 99), ms(postLatency, 100)));
        sb.append(fmt("sampled       %d  visible %d  not visible within %d ms %d%n", sampled, visible, giveUpMillis,
                notVisible));
        sb.append(fmt("visibility    p50 %s  p90 %s  p99 %s  max %s  (201 received -> first 200 received)%n",
                ms(visibility, 50), ms(visibility, 90), ms(visibility, 99), ms(visibility, 100)));
        sb.append(fmt("reads         %d in the window (%.0f/s, the measurement's own load), %d in all  errors %d  "
                + "waited for a slot %d  max in flight %d%n", gets, getsPerSecond(), allGets, getErrors, getsQueued,
                maxGetsInFlight));
        sb.append(fmt("slot wait     p99 %s  max %s  (reads waiting for the cap: that much of a figure is the "
                + "tool's own queue)%n", ms(slotWait, 99), ms(slotWait, 100)));
        if (getsQueued > 0 && slotWait.getValueAtPercentile(99) > pollMillis * 1000) {
            sb.append(fmt("WARNING       reads queued for the cap longer than a poll interval: the visibility figures "
                    + "are inflated by the tool; raise --max-polls-in-flight or lower --sample%n"));
        }
        sb.append(fmt("tool CPU      %.1f %% of one core  (%.2f s of CPU in the %.1f s window: this process, all its "
                + "threads, JIT and GC)%n", cpuPercentOfOneCore(), cpuSeconds, cpuWallSeconds));
        errorCauses.forEach((cause, count) -> sb.append(fmt("error cause   %d x %s%n", count, cause)));
        sb.append(fmt("resolution    a poll every %d ms: each visibility figure is late by up to %d ms plus one "
                + "read's round trip (and any wait for a slot); never early%n", pollMillis, pollMillis));
        return sb.toString();
    }

    /** A percentile in milliseconds, or "-" when nothing was recorded (a 0 would read as a perfect figure). */
    static String ms(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        long micros = percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return fmt("%.1f ms", micros / 1000.0);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
