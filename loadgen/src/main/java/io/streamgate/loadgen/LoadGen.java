package io.streamgate.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** The command line: {@code java -jar streamgate-loadgen.jar --help}. */
public final class LoadGen {

    private static final long SECOND = 1_000_000_000L;

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.println("(--help for usage)");
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        Report report = run(options, System.err);
        System.out.print(report.toText());
        if (options.report() != null) {
            boolean json = options.report().getFileName().toString().endsWith(".json");
            writeReport(options, json ? report.toJson() : report.toText());
        }
    }

    private static void writeReport(Options options, String text) throws IOException {
        if (options.report().getParent() != null) {
            Files.createDirectories(options.report().getParent());
        }
        Files.writeString(options.report(), text);
    }

    /**
     * Runs the load described by {@code options} and returns the report; progress lines go to {@code progress}
     * once a second.
     */
    public static Report run(Options options, PrintStream progress) throws InterruptedException {
        Requests template;
        String workload = "";
        if (options.workload() == Options.Workload.TRIPS) {
            TripsWorkload trips = new TripsWorkload(options.hostHeader(), options.headers(), options.runId(),
                    options.duplicateShare(), options.lateShare());
            template = trips;
            workload = String.format(Locale.ROOT,
                    ", trips workload (run %s, %d%% duplicated, %d%% late, %.2f requests/trip)",
                    options.runId(), options.duplicateShare(), options.lateShare(), trips.requestsPerTrip());
        } else {
            template = new RequestTemplate(options.method(), options.hostHeader(), options.requestPath(),
                    options.headers(), options.bodyTemplates(), options.customers());
        }
        Target target = new HttpTarget(options.address(), options.port(), template,
                options.timeoutSeconds() * 1000);
        ThreadFactory threads = options.virtualThreads()
                ? Thread.ofVirtual().name("loadgen-", 0).factory()
                : Thread.ofPlatform().daemon().name("loadgen-", 0).factory();
        Scheduler scheduler = options.mode() == Options.Mode.OPEN
                ? new FixedRateScheduler(options.rate(), options.initialConnections(), options.connections(), threads)
                : new ClosedLoopScheduler(options.connections(), threads);

        LoadStats stats = new LoadStats();
        int warmup = options.warmupSeconds();
        int total = warmup + options.durationSeconds();
        // Counters are cumulative: the report is "last snapshot minus the one taken when warm-up ended" (or
        // before the start, without warm-up). Latencies come as per-second interval histograms; only those after
        // warm-up are summed.
        LoadStats.Snapshot previous = stats.snapshot();
        LoadStats.Snapshot baseline = warmup == 0 ? previous : null;
        double cpuAtBaseline = warmup == 0 ? cpuSeconds() : 0;
        long start = System.nanoTime();
        scheduler.start(target, stats, start, start + total * SECOND);
        Histogram latency = new Histogram(LoadStats.MAX_MICROS, 3);
        for (int second = 1; second <= total; second++) {
            sleepUntil(start + second * SECOND);
            LoadStats.Snapshot now = stats.snapshot();
            boolean measuring = second > warmup;
            if (measuring) {
                latency.add(now.interval());
            }
            printProgress(progress, second, measuring, now, previous, scheduler.connections());
            if (second == warmup) {
                baseline = now;
                cpuAtBaseline = cpuSeconds();
            }
            previous = now;
        }
        int abandoned = scheduler.awaitEnd(Duration.ofSeconds(Math.max(2, options.timeoutSeconds())));
        LoadStats.Snapshot last = stats.snapshot();
        latency.add(last.interval());
        double cpu = cpuSeconds() - cpuAtBaseline;
        double elapsed = (last.nanoTime() - baseline.nanoTime()) / 1e9;
        return Report.of(options, scheduler.describe() + workload, last.minus(baseline), latency, elapsed, abandoned,
                cpu, stats.errorCauses());
    }

    private static void printProgress(PrintStream out, int second, boolean measuring, LoadStats.Snapshot now,
                                      LoadStats.Snapshot previous, int connections) {
        LoadStats.Snapshot d = now.minus(previous);
        long ok = 0;
        long[] codes = d.statusCounts();
        for (int c = 200; c < 300; c++) {
            ok += codes[c];
        }
        double seconds = Math.max(1e-9, (now.nanoTime() - previous.nanoTime()) / 1e9);
        Histogram h = now.interval();
        out.printf(Locale.ROOT, "[%4ds] %-7s %8.0f req/s  non-2xx %d  errors %d  late %d  conns %d  p50 %.2f ms  p99 %.2f ms%n",
                second, measuring ? "measure" : "warmup", d.responses() / seconds, d.responses() - ok, d.errors(),
                d.late(), connections, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long d; (d = nanoTime - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(d);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** CPU time of this process (all threads), to report what generating the load cost. */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(t -> t.toNanos() / 1e9).orElse(Double.NaN);
    }
}
