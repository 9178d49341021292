package io.streamgate.loadgen;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Read-your-writes latency of an asynchronous pipeline: {@code POST} new resources at a fixed rate (open loop) and,
 * for a deterministic sample of them, poll a read route from the moment the 201 arrived until the resource is
 * visible there (200). Reports the percentiles of that delay (201 received → first 200 received), which is what a
 * client of a read model waits, and what the measurement itself cost, in requests and in CPU.
 * <p>
 * Built for orders → order details: {@code POST /orders} (the id is the last segment of the 201's {@code Location},
 * {@code /orders/{id}}) then {@code GET /order-details?orderId=}. The design keeps the measurement from disturbing
 * what it measures:
 * <ul>
 *   <li>POST {@code i} is intended at {@code start + i / rate} and sent then whatever earlier answers did; its
 *       latency counts from that intended time (no coordinated omission). The POSTs are sent by
 *       {@link FixedRateScheduler} on a pool of keep-alive connections, one thread each, that starts at
 *       {@code --initial-connections} and grows by one (up to {@code --connections}) whenever a POST's time comes
 *       with all of them busy (as few threads as the system's answers allow: fewer threads cost less CPU for the
 *       same POSTs). They use this generator's own HTTP/1.1 client ({@link KeepAliveConnection}: pre-encoded
 *       requests, bodies discarded, only the id header kept as bytes): no dispatcher thread, no per-response
 *       {@code String}. A POST sent more than 1 ms after its intended time is counted as late (and the pool grows
 *       only when a POST is already late, so growing never hides one).</li>
 *   <li>Only every k-th order is watched ({@link EveryKth}; {@code --sample 0.1} → every 10th), each polled every
 *       {@code --poll-ms} from its 201, and never more than {@code --max-polls-in-flight} reads in flight in all
 *       ({@link PollLimiter}): the reads per second are bounded by the cap, not by how slow the system gets. A read
 *       that waits for a slot is late, which can only make a figure worse, never better. The reads go over as many
 *       keep-alive connections as the cap, one reader thread each; a poll's next read is timed by one timer
 *       thread.</li>
 *   <li>An order not visible after {@code --give-up-ms} counts as "not visible" and is reported, not dropped.</li>
 *   <li>The report states the tool's own CPU use over the measured window (process CPU time / wall time).</li>
 * </ul>
 * Its resolution is the poll interval (plus a read's round trip): a figure is late by up to that, never early.
 *
 * <pre>
 * java -cp streamgate-loadgen.jar io.streamgate.loadgen.VisibilityLatency --write http://127.0.0.1:8000/orders \
 *   --body '{"customer_id":"CUST-{n}","currency":"USD","items":[{"sku":"SKU-1","quantity":1,"unit_price":150.50}]}' \
 *   --read 'http://127.0.0.1:8001/order-details?orderId={id}' --rate 1000 --seconds 30 --connections 32 \
 *   --sample 0.1 --poll-ms 5 --max-polls-in-flight 16 --give-up-ms 10000
 * </pre>
 */
public final class VisibilityLatency {

    private static final String USAGE = """
            VisibilityLatency: POST at a fixed rate; watch a sample of the new resources until visible on a read route.
              --write URL                where to POST (required)
              --body JSON                request body; {n} becomes a sequence number (required)
              --id-header NAME           201 header holding the id, as its last path segment (default Location)
              --read URL                 read URL; {id} becomes the id (required)
              --rate N                   POSTs per second (default 1000)
              --seconds N                measured duration (default 30)
              --warmup N                 seconds before measuring (default 5)
              --connections N            most keep-alive connections (one thread each) for the POSTs (default 32)
              --initial-connections N    POST connections opened at the start; the pool grows by one, up to
                                         --connections, whenever a POST's time comes with all of them busy
                                         (default min(8, --connections))
              --sample S                 share of the orders watched, taken as every round(1/S)-th (default 0.1)
              --poll-ms N                poll interval of each watched order (default 5)
              --max-polls-in-flight N    cap on concurrent reads (and read connections); a poll waits for a slot
                                         (default 16)
              --give-up-ms N             an order not visible after this counts as not visible (default 10000)
              --http-timeout-ms N        connect and read timeout of one request (default 10000)
            """;
    private static final long LATE_TOLERANCE_NANOS = FixedRateScheduler.LATE_TOLERANCE_NANOS;
    private static final long MAX_MICROS = LoadStats.MAX_MICROS;
    private static final Set<String> OPTIONS = Set.of("write", "body", "id-header", "read", "rate", "seconds",
            "warmup", "connections", "initial-connections", "sample", "poll-ms", "max-polls-in-flight", "give-up-ms",
            "http-timeout-ms");
    /** The body's sequence-number placeholder; sent through {@link RequestTemplate}'s own. */
    private static final String SEQUENCE = "{n}";

    /** The run's parameters. */
    record Settings(URI write, String body, String idHeader, String read, int rate, int seconds, int warmup,
                    int connections, int initialConnections, EveryKth sample, long pollMillis, int maxPollsInFlight,
                    long giveUpMillis, int httpTimeoutMillis) {

        static Settings parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value, got " + args[i]);
                }
                o.put(args[i].substring(2), args[i + 1]);
            }
            if (o.containsKey("id-field")) {
                // The JSON body is discarded unread (that is what keeps the client cheap); the id is in Location.
                throw new IllegalArgumentException("--id-field is gone: the id is taken from the 201's Location "
                        + "header (--id-header, default Location)");
            }
            for (String name : o.keySet()) {
                if (!OPTIONS.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            for (String required : List.of("write", "body", "read")) {
                if (!o.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
            if (o.get("body").contains(RequestTemplate.PLACEHOLDER)) {
                throw new IllegalArgumentException("the body may not contain " + RequestTemplate.PLACEHOLDER
                        + " (the sequence number is " + SEQUENCE + ")");
            }
            Settings s = new Settings(URI.create(o.get("write")), o.get("body"), o.getOrDefault("id-header", "Location"),
                    o.get("read"), Integer.parseInt(o.getOrDefault("rate", "1000")),
                    Integer.parseInt(o.getOrDefault("seconds", "30")), Integer.parseInt(o.getOrDefault("warmup", "5")),
                    Integer.parseInt(o.getOrDefault("connections", "32")),
                    Integer.parseInt(o.getOrDefault("initial-connections",
                            Integer.toString(Math.min(8, Integer.parseInt(o.getOrDefault("connections", "32")))))),
                    EveryKth.ofShare(Double.parseDouble(o.getOrDefault("sample", "0.1"))),
                    Long.parseLong(o.getOrDefault("poll-ms", "5")),
                    Integer.parseInt(o.getOrDefault("max-polls-in-flight", "16")),
                    Long.parseLong(o.getOrDefault("give-up-ms", "10000")),
                    Integer.parseInt(o.getOrDefault("http-timeout-ms", "10000")));
            if (s.initialConnections() < 1 || s.initialConnections() > s.connections()) {
                throw new IllegalArgumentException("need 1 <= --initial-connections <= --connections");
            }
            if (s.connections() < 1 || s.rate() < 1 || s.seconds() < 1 || s.warmup() < 0 || s.pollMillis() < 0
                    || s.httpTimeoutMillis() < 1) {
                throw new IllegalArgumentException("--connections, --rate, --seconds, --http-timeout-ms must be "
                        + ">= 1; --warmup, --poll-ms >= 0");
            }
            if (!"http".equals(s.write().getScheme()) || s.write().getHost() == null) {
                throw new IllegalArgumentException("--write must be http://host:port/path, got " + s.write());
            }
            return s;
        }
    }

    /** One watched order: its read request and when its 201 arrived; owned by one thread at a time. */
    private static final class Watch {
        final byte[] request;
        final long created;
        /** When the current poll became due (it may wait for a slot after that). */
        long due;

        Watch(byte[] request, long created) {
            this.request = request;
            this.created = created;
        }
    }

    /** Tells a reader thread to stop. */
    private static final Watch STOP = new Watch(new byte[0], 0);

    private final Settings settings;
    private final RequestTemplate writeTemplate;
    private final IdRequestTemplate readTemplate;
    private final InetSocketAddress writeAddress;
    private final InetSocketAddress readAddress;
    private final PollLimiter limiter;
    /** Polls whose slot is taken, for the reader threads (never more than the cap: the limiter sees to it). */
    private final BlockingQueue<Watch> ready = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer;

    private RateSchedule schedule;
    private long measureFrom;
    private long end;
    private final LoadStats postStats = new LoadStats();
    private final LoadStats readStats = new LoadStats();
    private final Recorder postLatency = new Recorder(MAX_MICROS, 3);
    private final Recorder visibility = new Recorder(MAX_MICROS, 3);
    /** How long each read waited for a slot under the cap: the part of a figure that is the tool's own queue. */
    private final Recorder slotWait = new Recorder(MAX_MICROS, 3);
    private final LongAdder answered = new LongAdder();
    /** Answers of the whole run, warm-up included: for the progress lines only. */
    private final LongAdder answeredAll = new LongAdder();
    private final LongAdder postNon2xx = new LongAdder();
    private final LongAdder postsWithoutId = new LongAdder();
    private final LongAdder postLate = new LongAdder();
    private final LongAdder sampled = new LongAdder();
    private final LongAdder visible = new LongAdder();
    private final LongAdder notVisible = new LongAdder();
    private final LongAdder gets = new LongAdder();
    private final LongAdder allGets = new LongAdder();
    private final LongAdder getErrors = new LongAdder();
    /** Orders still watched: the run is over when the POSTs are done and this is 0. */
    private final AtomicLong outstanding = new AtomicLong();

    VisibilityLatency(Settings settings) {
        this.settings = settings;
        URI write = settings.write();
        String path = (write.getRawPath() == null || write.getRawPath().isEmpty() ? "/" : write.getRawPath())
                + (write.getRawQuery() == null ? "" : "?" + write.getRawQuery());
        // customers = Long.MAX_VALUE: the placeholder is the sequence number itself, as {n} always was.
        this.writeTemplate = new RequestTemplate("POST", IdRequestTemplate.hostHeader(write), path, List.of(),
                settings.body().replace(SEQUENCE, RequestTemplate.PLACEHOLDER), Long.MAX_VALUE);
        this.readTemplate = new IdRequestTemplate(settings.read());
        this.writeAddress = address(write);
        this.readAddress = address(readTemplate.uri());
        this.limiter = new PollLimiter(settings.maxPollsInFlight());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("visibility-timer").factory());
    }

    private static InetSocketAddress address(URI uri) {
        return new InetSocketAddress(LoopbackGuard.requireLoopback(uri.getHost()), IdRequestTemplate.port(uri));
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
        System.out.print(new VisibilityLatency(settings).run(true).toText());
    }

    /** Runs the whole measurement (warm-up, window, then until every watched order is settled). */
    VisibilityReport run(boolean progress) throws InterruptedException, IOException {
        List<Thread> readers = startReaders();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        measureFrom = start + TimeUnit.SECONDS.toNanos(settings.warmup());
        end = measureFrom + TimeUnit.SECONDS.toNanos(settings.seconds());
        // The same schedule as the scheduler's (same start, same rate): slot i is intended at the same instant.
        schedule = new RateSchedule(start, settings.rate());
        long posted = schedule.slotsBefore(end) - schedule.slotsBefore(measureFrom);
        FixedRateScheduler writer = new FixedRateScheduler(settings.rate(), settings.initialConnections(),
                settings.connections(), Thread.ofPlatform().daemon().name("visibility-post-", 0).factory());
        writer.start(this::connectForPosts, postStats, start, end);

        // The tool's CPU time is taken over the measured window: from its start to its end, progress every second.
        long nextProgress = start + TimeUnit.SECONDS.toNanos(1);
        double cpuFrom = Double.NaN;
        long cpuFromNanos = 0;
        boolean windowStarted = false;
        // The POST pool's size, sampled each second of the window (the workers are gone by its end).
        int connectionsSeen = 0;
        for (long now; (now = System.nanoTime()) < end; ) {
            if (!windowStarted && now >= measureFrom) {
                windowStarted = true;
                cpuFrom = LoadGen.cpuSeconds();
                cpuFromNanos = System.nanoTime();
            }
            if (windowStarted) {
                connectionsSeen = Math.max(connectionsSeen, writer.connections());
            }
            if (now >= nextProgress) {
                nextProgress += TimeUnit.SECONDS.toNanos(1);
                printProgress(progress, start);
            }
            sleepUntil(Math.min(nextProgress, windowStarted ? end : measureFrom));
        }
        double cpuSeconds = LoadGen.cpuSeconds() - cpuFrom;
        double cpuWallSeconds = (System.nanoTime() - cpuFromNanos) / 1e9;

        // POSTs still in flight get their answer or time out; a hung server is cut off after that.
        writer.awaitEnd(Duration.ofMillis(settings.httpTimeoutMillis() + 1_000L));
        // Every watched order is settled by its give-up time plus one read's timeout.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.giveUpMillis()
                + 2L * settings.httpTimeoutMillis() + 5_000);
        while (outstanding.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("watched orders still outstanding long after the run: " + outstanding);
            }
            TimeUnit.MILLISECONDS.sleep(50);
            if (System.nanoTime() >= nextProgress) {
                nextProgress += TimeUnit.SECONDS.toNanos(1);
                printProgress(progress, start);
            }
        }
        timer.shutdownNow();
        for (int i = 0; i < readers.size(); i++) {
            ready.add(STOP);
        }
        for (Thread t : readers) {
            t.join();
        }
        Map<String, Long> causes = new TreeMap<>();
        postStats.errorCauses().forEach((cause, n) -> causes.put("POST: " + cause, n));
        readStats.errorCauses().forEach((cause, n) -> causes.put("read: " + cause, n));
        return new VisibilityReport(settings.rate(), settings.seconds(), settings.warmup(), settings.sample().k(),
                settings.pollMillis(), settings.maxPollsInFlight(), settings.giveUpMillis(), connectionsSeen,
                settings.connections(),
                posted, posted - answered.sum(), postNon2xx.sum(), postsWithoutId.sum(), postLate.sum(),
                postLatency.getIntervalHistogram(), sampled.sum(), visible.sum(), notVisible.sum(),
                visibility.getIntervalHistogram(), gets.sum(), allGets.sum(), getErrors.sum(), limiter.queued(),
                slotWait.getIntervalHistogram(), limiter.maxObserved(), cpuSeconds, cpuWallSeconds, causes);
    }

    private void printProgress(boolean progress, long start) {
        if (progress) {
            System.err.printf(Locale.ROOT, "%5.0f s  POSTs answered %d (in the window %d)  non-2xx %d  late %d  "
                            + "sampled %d  visible %d  not visible %d  reads %d  waiting for a slot %d%n",
                    (System.nanoTime() - start) / 1e9, answeredAll.sum(), answered.sum(), postNon2xx.sum(), postLate.sum(),
                    sampled.sum(), visible.sum(), notVisible.sum(), allGets.sum(), limiter.waiting());
        }
    }

    private boolean inWindow(long nanos) {
        return nanos >= measureFrom && nanos < end;
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /** A connection of the POST pool, for {@link FixedRateScheduler} (which connects before claiming a slot). */
    private Target.Connection connectForPosts() throws IOException {
        return new PostConnection(new KeepAliveConnection(writeAddress, settings.httpTimeoutMillis(),
                settings.idHeader()));
    }

    private final class PostConnection implements Target.Connection {
        private final KeepAliveConnection connection;
        private final byte[] request = new byte[writeTemplate.maxLength()];

        PostConnection(KeepAliveConnection connection) {
            this.connection = connection;
        }

        /**
         * POST number {@code sequence}, at its intended time (the scheduler slept until then). A failure throws: the
         * scheduler counts its cause and reconnects, and the report counts every POST of the window without an
         * answer as an error.
         */
        @Override
        public int exchange(long sequence) throws IOException {
            long intended = schedule.intendedNanos(sequence);
            boolean measured = inWindow(intended);
            if (measured && RateSchedule.isLate(intended, System.nanoTime(), LATE_TOLERANCE_NANOS)) {
                postLate.increment();
            }
            int n = writeTemplate.encode(sequence, request);
            int status = connection.exchange(request, n, false);
            long created = System.nanoTime();
            answeredAll.increment();
            if (!measured) {
                return status;
            }
            answered.increment();
            postLatency.recordValue(Math.min(MAX_MICROS, (created - intended) / 1000));
            if (status < 200 || status > 299) {
                postNon2xx.increment();
            }
            if (status == 201) {
                HttpResponseParser parser = connection.parser();
                if (!IdRequestTemplate.hasId(parser.captured(), parser.capturedLength())) {
                    postsWithoutId.increment();
                } else if (settings.sample().sampled(sequence)) {
                    sampled.increment();
                    outstanding.incrementAndGet();
                    submit(new Watch(readTemplate.forId(parser.captured(), parser.capturedLength()), created));
                }
            }
            return status;
        }

        @Override
        public boolean reusable() {
            return connection.reusable();
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    /**
     * One reader thread per slot of the cap, each with its keep-alive connection opened now: a read route that is
     * not up fails the run at once, and no read is charged a connection set-up.
     */
    private List<Thread> startReaders() throws IOException {
        List<KeepAliveConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < settings.maxPollsInFlight(); i++) {
                connections.add(new KeepAliveConnection(readAddress, settings.httpTimeoutMillis(), null));
            }
        } catch (IOException e) {
            for (KeepAliveConnection c : connections) {
                closeBroken(c);
            }
            throw new IOException("cannot connect to the read route " + readTemplate.uri() + ": " + e.getMessage(), e);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            KeepAliveConnection first = connections.get(i);
            threads.add(Thread.ofPlatform().daemon().name("visibility-read-" + i).start(() -> readLoop(first)));
        }
        return threads;
    }

    /** A poll is due now: it runs when a slot of the cap is free (at once if one is). */
    private void submit(Watch watch) {
        watch.due = System.nanoTime();
        limiter.submit(() -> ready.add(watch));
    }

    private void readLoop(KeepAliveConnection first) {
        KeepAliveConnection connection = first;
        try {
            while (true) {
                Watch watch = ready.take();
                if (watch == STOP) {
                    return;
                }
                connection = read(connection, watch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeBroken(connection);
        }
    }

    /**
     * One read of a watched order, holding a {@link PollLimiter} slot until its answer arrived.
     *
     * @return the connection for the next read (null: open a new one then)
     */
    private KeepAliveConnection read(KeepAliveConnection connection, Watch watch) {
        long sent = System.nanoTime();
        slotWait.recordValue(Math.min(MAX_MICROS, Math.max(0, (sent - watch.due) / 1000)));
        allGets.increment();
        if (inWindow(sent)) {
            gets.increment();
        }
        KeepAliveConnection next = connection;
        int status = -1;
        try {
            if (next == null) {
                next = new KeepAliveConnection(readAddress, settings.httpTimeoutMillis(), null);
            }
            status = next.exchange(watch.request, watch.request.length, false);
            if (!next.reusable()) {
                closeBroken(next);
                next = null;
            }
        } catch (IOException e) {
            readStats.recordError(e);
            closeBroken(next);
            next = null;
        }
        long now = System.nanoTime();
        limiter.release();
        if (status == 200) {
            visibility.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - watch.created) / 1000)));
            visible.increment();
            outstanding.decrementAndGet();
            return next;
        }
        if (status != 404) {
            getErrors.increment();
        }
        if (now - watch.created >= TimeUnit.MILLISECONDS.toNanos(settings.giveUpMillis())) {
            notVisible.increment();
            outstanding.decrementAndGet();
            return next;
        }
        long due = sent + TimeUnit.MILLISECONDS.toNanos(settings.pollMillis());
        timer.schedule(() -> submit(watch), Math.max(0, due - now), TimeUnit.NANOSECONDS);
        return next;
    }

    private static void closeBroken(KeepAliveConnection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (IOException ignored) {
            // Closing a socket that already failed or is no longer needed: nothing left to report.
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long d; (d = nanoTime - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(d);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
