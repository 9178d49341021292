package io.streamgate.loadgen;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The final figures of a run, warm-up excluded. Latencies in microseconds.
 *
 * @param statusCounts      responses per status code (code -1 collects codes outside 0..599)
 * @param errors            connect/write/read failures: requests that got no response
 * @param late              requests started more than {@link FixedRateScheduler#LATE_TOLERANCE_NANOS} after their
 *                          intended time (open loop only)
 * @param abandoned         requests still in flight when the run's grace period ended
 * @param cpuSeconds        CPU time of this generator process during the measured window
 * @param errorCauses       errors by exception and message, over the whole run (warm-up included)
 */
public record Report(
        String scheduler,
        String method,
        String url,
        int warmupSeconds,
        double elapsedSeconds,
        long responses,
        Map<Integer, Long> statusCounts,
        long errors,
        long late,
        int abandoned,
        long p50,
        long p90,
        long p99,
        long p999,
        long max,
        double mean,
        double cpuSeconds,
        Map<String, Long> errorCauses) {

    static Report of(Options o, String scheduler, LoadStats.Snapshot measured, Histogram latency,
                     double elapsedSeconds, int abandoned, double cpuSeconds, Map<String, Long> errorCauses) {
        Map<Integer, Long> codes = new TreeMap<>();
        long[] counts = measured.statusCounts();
        for (int code = 0; code < counts.length; code++) {
            if (counts[code] != 0) {
                codes.put(code == counts.length - 1 ? -1 : code, counts[code]);
            }
        }
        return new Report(scheduler, o.method(), o.url().toString(), o.warmupSeconds(), elapsedSeconds,
                measured.responses(), codes, measured.errors(), measured.late(), abandoned,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue(),
                latency.getTotalCount() == 0 ? 0 : latency.getMean(), cpuSeconds, errorCauses);
    }

    public double throughput() {
        return elapsedSeconds > 0 ? responses / elapsedSeconds : 0;
    }

    public long non2xx() {
        long n = 0;
        for (Map.Entry<Integer, Long> e : statusCounts.entrySet()) {
            if (e.getKey() < 200 || e.getKey() > 299) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Generator CPU per response: what the load itself costs the shared machine. */
    public double cpuMicrosPerRequest() {
        return responses == 0 ? 0 : cpuSeconds * 1e6 / responses;
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(fmt("loadgen: %s -> %s %s%n", scheduler, method, url));
        sb.append(fmt("measured      %.1f s (after %d s warm-up)%n", elapsedSeconds, warmupSeconds));
        sb.append(fmt("requests      %d (%.1f req/s)%n", responses, throughput()));
        sb.append("status       ");
        for (int cls = 1; cls <= 5; cls++) {
            StringBuilder codes = new StringBuilder();
            for (Map.Entry<Integer, Long> e : statusCounts.entrySet()) {
                if (e.getKey() / 100 == cls) {
                    codes.append(codes.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
                }
            }
            if (!codes.isEmpty() || cls == 2 || cls == 4 || cls == 5) {
                sb.append(' ').append(cls).append("xx[").append(codes.isEmpty() ? "-" : codes).append(']');
            }
        }
        if (statusCounts.containsKey(-1)) {
            sb.append(" other[").append(statusCounts.get(-1)).append(']');
        }
        sb.append(System.lineSeparator());
        sb.append(fmt("non-2xx       %d%n", non2xx()));
        sb.append(fmt("errors        %d (no response: connect/read failures, timeouts)%n", errors));
        errorCauses.forEach((cause, n) -> sb.append(fmt("  %8d x %s%n", n, cause)));
        sb.append(fmt("late          %d (open loop: sent > 1 ms after the intended time)%n", late));
        if (abandoned > 0) {
            sb.append(fmt("abandoned     %d (still in flight at the end)%n", abandoned));
        }
        sb.append(fmt("latency us    p50 %d  p90 %d  p99 %d  p99.9 %d  max %d  mean %.0f%n",
                p50, p90, p99, p999, max, mean));
        sb.append(fmt("loadgen cpu   %.2f s (%.0f%% of one core, %.1f us/request)%n",
                cpuSeconds, elapsedSeconds > 0 ? 100 * cpuSeconds / elapsedSeconds : 0, cpuMicrosPerRequest()));
        return sb.toString();
    }

    /** One key per line, so that shell scripts can pick values with grep/sed. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append(fmt("  \"scheduler\": \"%s\",%n", escape(scheduler)));
        sb.append(fmt("  \"method\": \"%s\",%n", escape(method)));
        sb.append(fmt("  \"url\": \"%s\",%n", escape(url)));
        sb.append(fmt("  \"warmup_seconds\": %d,%n", warmupSeconds));
        sb.append(fmt("  \"elapsed_seconds\": %.3f,%n", elapsedSeconds));
        sb.append(fmt("  \"requests\": %d,%n", responses));
        sb.append(fmt("  \"throughput\": %.1f,%n", throughput()));
        sb.append("  \"status_counts\": {");
        boolean first = true;
        for (Map.Entry<Integer, Long> e : statusCounts.entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(e.getKey() < 0 ? "other" : e.getKey()).append("\": ")
                    .append(e.getValue());
            first = false;
        }
        sb.append("},\n");
        sb.append(fmt("  \"non_2xx\": %d,%n", non2xx()));
        sb.append(fmt("  \"errors\": %d,%n", errors));
        sb.append("  \"error_causes\": {");
        boolean firstCause = true;
        for (Map.Entry<String, Long> e : errorCauses.entrySet()) {
            sb.append(firstCause ? "" : ", ").append('"').append(escape(e.getKey())).append("\": ").append(e.getValue());
            firstCause = false;
        }
        sb.append("},\n");
        sb.append(fmt("  \"late\": %d,%n", late));
        sb.append(fmt("  \"abandoned\": %d,%n", abandoned));
        sb.append(fmt("  \"latency_us_p50\": %d,%n", p50));
        sb.append(fmt("  \"latency_us_p90\": %d,%n", p90));
        sb.append(fmt("  \"latency_us_p99\": %d,%n", p99));
        sb.append(fmt("  \"latency_us_p999\": %d,%n", p999));
        sb.append(fmt("  \"latency_us_max\": %d,%n", max));
        sb.append(fmt("  \"latency_us_mean\": %.1f,%n", mean));
        sb.append(fmt("  \"loadgen_cpu_seconds\": %.3f,%n", cpuSeconds));
        sb.append(fmt("  \"loadgen_cpu_us_per_request\": %.2f%n", cpuMicrosPerRequest()));
        sb.append("}\n");
        return sb.toString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
