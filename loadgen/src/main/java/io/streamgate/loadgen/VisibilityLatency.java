package io.streamgate.loadgen;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-your-writes latency of an asynchronous pipeline: at a fixed rate (open loop), {@code POST} a new resource, and
 * from the moment its 201 arrives poll a read route until the resource is visible there (200). Reports the
 * percentiles of that delay (201 → first 200), which is what a client of a read model waits.
 * <p>
 * Built for orders → order details: {@code POST /orders} (the id is read from the 201's JSON) then
 * {@code GET /order-details?orderId=}. Its resolution is the poll interval; each poll is a request, so keep the
 * interval well above 1 ms at high rates.
 *
 * <pre>
 * java -cp streamgate-loadgen.jar io.streamgate.loadgen.VisibilityLatency --write http://127.0.0.1:8000/orders \
 *   --body '{"customer_id":"CUST-{n}","currency":"USD","items":[{"sku":"SKU-1","quantity":1,"unit_price":150.50}]}' \
 *   --id-field order_id --read 'http://127.0.0.1:8001/order-details?orderId={id}' --rate 1000 --seconds 30
 * </pre>
 */
public final class VisibilityLatency {

    private static final String USAGE = """
            VisibilityLatency: POST at a fixed rate, then poll a read route until each new resource is visible.
              --write URL        where to POST (required)
              --body JSON        request body; {n} becomes a sequence number (required)
              --id-field NAME    JSON string field of the 201 body holding the id (default order_id)
              --read URL         read URL; {id} becomes the id (required)
              --rate N           POSTs per second (default 1000)
              --seconds N        measured duration (default 30)
              --warmup N         seconds before measuring (default 5)
              --poll-ms N        poll interval of the read route (default 5)
              --timeout-ms N     give up on a resource not visible after this (default 10000)
            """;

    private VisibilityLatency() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.keySet().containsAll(java.util.List.of("write", "body", "read"))) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String write = options.get("write");
        String body = options.get("body");
        String read = options.get("read");
        Pattern idPattern = Pattern.compile("\"" + Pattern.quote(options.getOrDefault("id-field", "order_id"))
                + "\"\\s*:\\s*\"([^\"]+)\"");
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        long pollMs = Long.parseLong(options.getOrDefault("poll-ms", "5"));
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(options.getOrDefault("timeout-ms", "10000")));
        LoopbackGuard.requireLoopback(URI.create(write).getHost());
        LoopbackGuard.requireLoopback(URI.create(read.replace("{id}", "x")).getHost());

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().daemon().name("visibility-", 0).factory());
        Recorder visible = new Recorder(3);
        AtomicLong sequence = new AtomicLong();
        AtomicLong writeErrors = new AtomicLong();
        AtomicLong timeouts = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);

        Runnable post = () -> {
            long n = sequence.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(URI.create(write)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.replace("{n}", Long.toString(n)))).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long created = System.nanoTime();
                Matcher id = failure == null && response.statusCode() == 201 ? idPattern.matcher(response.body()) : null;
                if (id == null || !id.find()) {
                    writeErrors.incrementAndGet();
                    return;
                }
                URI target = URI.create(read.replace("{id}", java.net.URLEncoder.encode(id.group(1),
                        java.nio.charset.StandardCharsets.UTF_8)));
                poll(http, scheduler, target, created, created >= measureFrom && created < end, pollMs, timeoutNanos,
                        visible, timeouts, measured);
            });
        };
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        var ticker = scheduler.scheduleAtFixedRate(post, 0, periodNanos, TimeUnit.NANOSECONDS);
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            System.err.printf(Locale.ROOT, "%5.0f s  posted %d  visible %d  write errors %d  not visible %d%n",
                    (System.nanoTime() - start) / 1e9, sequence.get(), measured.get(), writeErrors.get(),
                    timeouts.get());
        }
        ticker.cancel(false);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + 500);
        Histogram histogram = visible.getIntervalHistogram();
        System.out.printf(Locale.ROOT, "rate %d/s for %d s (after %d s warm-up), poll every %d ms%n", rate, seconds,
                warmup, pollMs);
        System.out.printf(Locale.ROOT, "visible: %d  write errors: %d  not visible within %d ms: %d%n",
                histogram.getTotalCount(), writeErrors.get(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                timeouts.get());
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            System.out.printf(Locale.ROOT, "p%-5s %8.1f ms%n", p == 100 ? "max" : p,
                    histogram.getValueAtPercentile(p) / 1000.0);
        }
        scheduler.shutdownNow();
    }

    private static void poll(HttpClient http, ScheduledExecutorService scheduler, URI target, long created,
                             boolean measure, long pollMs, long timeoutNanos, Recorder visible, AtomicLong timeouts,
                             AtomicLong measured) {
        http.sendAsync(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            if (failure == null && response.statusCode() == 200) {
                if (measure) {
                    visible.recordValue(Math.max(1, (now - created) / 1000));
                    measured.incrementAndGet();
                }
            } else if (now - created > timeoutNanos) {
                if (measure) {
                    timeouts.incrementAndGet();
                }
            } else {
                scheduler.schedule(() -> poll(http, scheduler, target, created, measure, pollMs, timeoutNanos,
                        visible, timeouts, measured), pollMs, TimeUnit.MILLISECONDS);
            }
        });
    }
}
