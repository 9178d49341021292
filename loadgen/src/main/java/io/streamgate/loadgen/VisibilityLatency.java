package io.streamgate.loadgen;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;

/**
 * Read-your-writes latency of an asynchronous pipeline: {@code POST} new resources at a fixed rate (open loop) and,
 * for a deterministic sample of them, poll a read route from the moment the 201 arrived until the resource is
 * visible there (200). Reports the percentiles of that delay (201 received → first 200 received), which is what a
 * client of a read model waits, and what the measurement itself cost.
 * <p>
 * Built for orders → order details: {@code POST /orders} (the id is read from the 201's JSON) then
 * {@code GET /order-details?orderId=}. The design keeps the measurement from disturbing what it measures:
 * <ul>
 *   <li>POST {@code i} is intended at {@code start + i / rate} ({@link RateSchedule}, as {@link FixedRateScheduler})
 *       and sent then whatever earlier answers did; its latency counts from that intended time (no coordinated
 *       omission). The POSTs need the 201's body (the id), which {@link HttpTarget} discards by design, hence the
 *       JDK client here.</li>
 *   <li>Only every k-th order is watched ({@link EveryKth}; {@code --sample 0.1} → every 10th), each polled every
 *       {@code --poll-ms} from its 201, and never more than {@code --max-polls-in-flight} reads in flight in all
 *       ({@link PollLimiter}): the reads per second are bounded by the cap, not by how slow the system gets. A read
 *       that waits for a slot is late, which can only make a figure worse, never better.</li>
 *   <li>An order not visible after {@code --give-up-ms} counts as "not visible" and is reported, not dropped.</li>
 * </ul>
 * Its resolution is the poll interval (plus a read's round trip): a figure is late by up to that, never early.
 *
 * <pre>
 * java -cp streamgate-loadgen.jar io.streamgate.loadgen.VisibilityLatency --write http://127.0.0.1:8000/orders \
 *   --body '{"customer_id":"CUST-{n}","currency":"USD","items":[{"sku":"SKU-1","quantity":1,"unit_price":150.50}]}' \
 *   --id-field order_id --read 'http://127.0.0.1:8001/order-details?orderId={id}' --rate 1000 --seconds 30 \
 *   --sample 0.1 --poll-ms 5 --max-polls-in-flight 16 --give-up-ms 10000
 * </pre>
 */
public final class VisibilityLatency {

    private static final String USAGE = """
            VisibilityLatency: POST at a fixed rate; watch a sample of the new resources until visible on a read route.
              --write URL                where to POST (required)
              --body JSON                request body; {n} becomes a sequence number (required)
              --id-field NAME            JSON string field of the 201 body holding the id (default order_id)
              --read URL                 read URL; {id} becomes the id (required)
              --rate N                   POSTs per second (default 1000)
              --seconds N                measured duration (default 30)
              --warmup N                 seconds before measuring (default 5)
              --sample S                 share of the orders watched, taken as every round(1/S)-th (default 0.1)
              --poll-ms N                poll interval of each watched order (default 5)
              --max-polls-in-flight N    cap on concurrent reads; a poll waits for a slot (default 16)
              --give-up-ms N             an order not visible after this counts as not visible (default 10000)
              --http-timeout-ms N        timeout of one request (default 10000)
            """;
    private static final long LATE_TOLERANCE_NANOS = FixedRateScheduler.LATE_TOLERANCE_NANOS;
    private static final long MAX_MICROS = LoadStats.MAX_MICROS;

    /** The run's parameters. */
    record Settings(URI write, String body, String idField, String read, int rate, int seconds, int warmup,
                    EveryKth sample, long pollMillis, int maxPollsInFlight, long giveUpMillis, long httpTimeoutMillis) {

        static Settings parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value, got " + args[i]);
                }
                o.put(args[i].substring(2), args[i + 1]);
            }
            for (String required : List.of("write", "body", "read")) {
                if (!o.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
            return new Settings(URI.create(o.get("write")), o.get("body"), o.getOrDefault("id-field", "order_id"),
                    o.get("read"), Integer.parseInt(o.getOrDefault("rate", "1000")),
                    Integer.parseInt(o.getOrDefault("seconds", "30")), Integer.parseInt(o.getOrDefault("warmup", "5")),
                    EveryKth.ofShare(Double.parseDouble(o.getOrDefault("sample", "0.1"))),
                    Long.parseLong(o.getOrDefault("poll-ms", "5")),
                    Integer.parseInt(o.getOrDefault("max-polls-in-flight", "16")),
                    Long.parseLong(o.getOrDefault("give-up-ms", "10000")),
                    Long.parseLong(o.getOrDefault("http-timeout-ms", "10000")));
        }
    }

    private final Settings settings;
    private final Pattern idPattern;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService callbacks;
    private final PollLimiter limiter;

    private long measureFrom;
    private long end;
    private final Recorder postLatency = new Recorder(MAX_MICROS, 3);
    private final Recorder visibility = new Recorder(MAX_MICROS, 3);
    /** How long each read waited for a slot under the cap: the part of a figure that is the tool's own queue. */
    private final Recorder slotWait = new Recorder(MAX_MICROS, 3);
    private final LongAdder posted = new LongAdder();
    private final LongAdder postErrors = new LongAdder();
    private final LongAdder postNon2xx = new LongAdder();
    private final LongAdder postLate = new LongAdder();
    private final LongAdder sampled = new LongAdder();
    private final LongAdder visible = new LongAdder();
    private final LongAdder notVisible = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder allGets = new LongAdder();
    private final LongAdder getErrors = new LongAdder();
    /** POSTs not yet answered plus orders still watched: the run is over when this is 0. */
    private final AtomicLong outstanding = new AtomicLong();

    VisibilityLatency(Settings settings) {
        this.settings = settings;
        this.idPattern = Pattern.compile("\"" + Pattern.quote(settings.idField()) + "\"\\s*:\\s*\"([^\"]+)\"");
        this.callbacks = Executors.newFixedThreadPool(2, Thread.ofPlatform().daemon().name("visibility-", 0).factory());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("visibility-timer").factory());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.limiter = new PollLimiter(settings.maxPollsInFlight());
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        LoopbackGuard.requireLoopback(settings.write().getHost());
        LoopbackGuard.requireLoopback(URI.create(settings.read().replace("{id}", "x")).getHost());
        System.out.print(new VisibilityLatency(settings).run(true).toText());
    }

    /** Runs the whole measurement (warm-up, window, then until every watched order is settled). */
    VisibilityReport run(boolean progress) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        measureFrom = start + TimeUnit.SECONDS.toNanos(settings.warmup());
        end = measureFrom + TimeUnit.SECONDS.toNanos(settings.seconds());
        RateSchedule schedule = new RateSchedule(start, settings.rate());
        long slots = schedule.slotsBefore(end);
        Thread sender = Thread.ofPlatform().name("visibility-sender").start(() -> {
            for (long i = 0; i < slots; i++) {
                long intended = schedule.intendedNanos(i);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                post(i, intended);
            }
        });
        long nextProgress = start + TimeUnit.SECONDS.toNanos(1);
        // Every POST gets an answer or times out, and every watched order is settled by its give-up time.
        long deadline = end + TimeUnit.MILLISECONDS.toNanos(settings.httpTimeoutMillis() + settings.giveUpMillis()
                + settings.httpTimeoutMillis() + 5_000);
        while (sender.isAlive() || outstanding.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("requests still outstanding long after the run: " + outstanding);
            }
            TimeUnit.MILLISECONDS.sleep(50);
            if (progress && System.nanoTime() >= nextProgress) {
                nextProgress += TimeUnit.SECONDS.toNanos(1);
                System.err.printf(Locale.ROOT, "%5.0f s  posted %d  post errors %d  sampled %d  visible %d  "
                                + "not visible %d  reads %d  waiting for a slot %d%n",
                        (System.nanoTime() - start) / 1e9, posted.sum(), postErrors.sum() + postNon2xx.sum(),
                        sampled.sum(), visible.sum(), notVisible.sum(), gets.sum(), limiter.waiting());
            }
        }
        timer.shutdownNow();
        callbacks.shutdownNow();
        return new VisibilityReport(settings.rate(), settings.seconds(), settings.warmup(), settings.sample().k(),
                settings.pollMillis(), settings.maxPollsInFlight(), settings.giveUpMillis(), posted.sum(),
                postErrors.sum(), postNon2xx.sum(), postLate.sum(), postLatency.getIntervalHistogram(), sampled.sum(),
                visible.sum(), notVisible.sum(), visibility.getIntervalHistogram(), gets.sum(), allGets.sum(), getErrors.sum(),
                limiter.queued(), slotWait.getIntervalHistogram(), limiter.maxObserved());
    }

    private boolean inWindow(long nanos) {
        return nanos >= measureFrom && nanos < end;
    }

    private void post(long index, long intended) {
        boolean measured = inWindow(intended);
        if (measured && System.nanoTime() - intended > LATE_TOLERANCE_NANOS) {
            postLate.increment();
        }
        HttpRequest request = HttpRequest.newBuilder(settings.write())
                .timeout(Duration.ofMillis(settings.httpTimeoutMillis()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(settings.body().replace("{n}", Long.toString(index))))
                .build();
        outstanding.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenCompleteAsync((response, failure) -> {
            long created = System.nanoTime();
            try {
                if (measured) {
                    posted.increment();
                    postLatency.recordValue(Math.min(MAX_MICROS, (created - intended) / 1000));
                }
                String id = failure == null && response.statusCode() == 201 ? idOf(response.body()) : null;
                if (measured) {
                    if (failure != null || (response.statusCode() == 201 && id == null)) {
                        postErrors.increment();
                    } else if (response.statusCode() < 200 || response.statusCode() > 299) {
                        postNon2xx.increment();
                    }
                }
                if (measured && id != null && settings.sample().sampled(index)) {
                    sampled.increment();
                    URI target = URI.create(settings.read().replace("{id}",
                            URLEncoder.encode(id, StandardCharsets.UTF_8)));
                    outstanding.incrementAndGet();
                    submitRead(target, created);
                }
            } finally {
                outstanding.decrementAndGet();
            }
        }, callbacks);
    }

    private String idOf(String body) {
        Matcher m = idPattern.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private void submitRead(URI target, long created) {
        long due = System.nanoTime();
        limiter.submit(() -> read(target, created, due));
    }

    /** One read of a watched order; holds a {@link PollLimiter} slot until its answer arrived. */
    private void read(URI target, long created, long due) {
        long sent = System.nanoTime();
        slotWait.recordValue(Math.min(MAX_MICROS, Math.max(0, (sent - due) / 1000)));
        allGets.increment();
        if (inWindow(sent)) {
            gets.increment();
        }
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMillis(settings.httpTimeoutMillis())).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenCompleteAsync((response, failure) -> {
            long now = System.nanoTime();
            limiter.release();
            if (failure == null && response.statusCode() == 200) {
                visibility.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - created) / 1000)));
                visible.increment();
                outstanding.decrementAndGet();
                return;
            }
            if (failure != null || response.statusCode() != 404) {
                getErrors.increment();
            }
            if (now - created >= TimeUnit.MILLISECONDS.toNanos(settings.giveUpMillis())) {
                notVisible.increment();
                outstanding.decrementAndGet();
                return;
            }
            long next = sent + TimeUnit.MILLISECONDS.toNanos(settings.pollMillis());
            timer.schedule(() -> submitRead(target, created), Math.max(0, next - now),
                    TimeUnit.NANOSECONDS);
        }, callbacks);
    }
}
