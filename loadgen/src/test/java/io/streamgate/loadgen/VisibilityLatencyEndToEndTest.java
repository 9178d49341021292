package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tool against a fake write route and read model on loopback (the JDK's server, {@code TCP_NODELAY} on through
 * the build): {@code POST /orders} answers 201 with {@code Location: /orders/{id}} (and a body whose id differs, so a
 * tool reading the body would poll the wrong order); an order becomes readable after a delay, after a number of
 * reads, or never. The fake records which client connections it saw and how many reads it had in flight at once.
 */
@Timeout(90)
class VisibilityLatencyEndToEndTest {

    private HttpServer server;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> readsOf = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final AtomicInteger maxReadsInFlight = new AtomicInteger();
    private final Set<Integer> postClientPorts = ConcurrentHashMap.newKeySet();
    private final Set<Integer> readClientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> unknownIdsRead = new ArrayList<>();

    /** How the fake behaves. */
    private record Fake(long visibleAfterMillis, int visibleOnRead, long postDelayMillis, long withoutLocationEvery) {
        static Fake visibleAfter(long millis) {
            return new Fake(millis, 0, 0, 0);
        }
    }

    private String start(Fake fake) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/orders", exchange -> {
            exchange.getRequestBody().readAllBytes();
            postClientPorts.add(exchange.getRemoteAddress().getPort());
            if (fake.postDelayMillis() > 0) {
                LockSupport.parkNanos(fake.postDelayMillis() * 1_000_000);
            }
            long n = ids.incrementAndGet();
            String id = "ORD-" + n;
            createdAt.put(id, System.nanoTime());
            if (fake.withoutLocationEvery() == 0 || n % fake.withoutLocationEvery() != 0) {
                exchange.getResponseHeaders().set("Location", "/orders/" + id);
            }
            respond(exchange, 201, "{\"order_id\":\"BODY-" + n + "\",\"status\":\"PENDING\"}");
        });
        server.createContext("/order-details", exchange -> {
            int now = readsInFlight.incrementAndGet();
            maxReadsInFlight.accumulateAndGet(now, Math::max);
            readClientPorts.add(exchange.getRemoteAddress().getPort());
            try {
                String id = exchange.getRequestURI().getQuery().replaceFirst("^orderId=", "");
                Long created = createdAt.get(id);
                if (created == null) {
                    synchronized (unknownIdsRead) {
                        unknownIdsRead.add(id);
                    }
                }
                int read = readsOf.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                boolean visible = created != null && (fake.visibleOnRead() > 0 ? read >= fake.visibleOnRead()
                        : fake.visibleAfterMillis() >= 0
                                && System.nanoTime() - created >= fake.visibleAfterMillis() * 1_000_000);
                respond(exchange, visible ? 200 : 404, visible ? "{}" : "{\"status\":404}");
            } finally {
                readsInFlight.decrementAndGet();
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static VisibilityLatency.Settings settings(String base, String... more) {
        List<String> args = new ArrayList<>(List.of("--write", base + "/orders", "--body", "{\"customer_id\":\"C-{n}\"}",
                "--read", base + "/order-details?orderId={id}", "--seconds", "1", "--warmup", "0", "--poll-ms", "5"));
        args.addAll(List.of(more));
        return VisibilityLatency.Settings.parse(args.toArray(String[]::new));
    }

    @Test
    void watchesEveryKthOrderByItsLocationIdOnKeepAliveConnectionsAndNeverExceedsTheReadCap() throws Exception {
        String base = start(Fake.visibleAfter(40));
        VisibilityReport r = new VisibilityLatency(settings(base, "--rate", "200", "--sample", "0.25",
                "--max-polls-in-flight", "3", "--give-up-ms", "5000", "--connections", "4")).run(false);

        assertThat(r.posted()).as(r.toText()).isEqualTo(200);
        assertThat(r.postErrors() + r.postNon2xx() + r.postsWithoutId()).isZero();
        assertThat(r.sampled()).isEqualTo(50);
        assertThat(r.visible()).isEqualTo(50);
        assertThat(r.notVisible()).isZero();
        assertThat(unknownIdsRead).as("ids come from Location, not from the body").isEmpty();
        assertThat(readsOf.keySet()).hasSize(50).allMatch(id -> id.startsWith("ORD-"));
        // Visible 40 ms after the server's 201; the client's clock starts a little later, hence the margin below.
        assertThat(r.visibility().getValueAtPercentile(50)).isGreaterThan(35_000);
        assertThat(r.visibility().getMaxValue()).isLessThan(5_000_000);
        assertThat(r.maxGetsInFlight()).isLessThanOrEqualTo(3);
        assertThat(maxReadsInFlight.get()).isLessThanOrEqualTo(3);
        assertThat(r.allGets()).isGreaterThanOrEqualTo(r.sampled()).isGreaterThanOrEqualTo(r.gets());
        assertThat(r.getErrors()).isZero();
        assertThat(postClientPorts).as("a fixed pool of keep-alive POST connections").hasSizeLessThanOrEqualTo(4);
        assertThat(readClientPorts).as("one keep-alive connection per read slot").hasSizeLessThanOrEqualTo(3);
        assertThat(r.connections()).isBetween(1, 4);
        assertThat(r.cpuWallSeconds()).as("the 1 s window, give or take a late wake-up").isBetween(0.9, 3.0);
        assertThat(r.cpuSeconds()).isPositive();
        assertThat(r.toText()).contains("tool CPU ").contains("% of one core");
    }

    @Test
    void anOrderVisibleOnItsThirdReadIsMeasuredFromTheCreatedToTheFirst200() throws Exception {
        String base = start(new Fake(-1, 3, 0, 0));
        VisibilityReport r = new VisibilityLatency(settings(base, "--rate", "20", "--sample", "0.5",
                "--poll-ms", "20", "--max-polls-in-flight", "4", "--give-up-ms", "5000")).run(false);

        assertThat(r.sampled()).as(r.toText()).isEqualTo(10);
        assertThat(r.visible()).isEqualTo(10);
        assertThat(r.allGets()).as("404, 404, then 200: three reads each, none after the 200").isEqualTo(30);
        assertThat(readsOf.values()).hasSize(10).allMatch(n -> n.get() == 3);
        // The first read goes at once after the 201, each next one 20 ms after the previous was sent: the 200 comes
        // at least 40 ms after the 201, plus round trips; the figure ends at the first 200, not at a later read.
        assertThat(r.visibility().getMinValue()).isGreaterThanOrEqualTo(40_000);
        assertThat(r.visibility().getValueAtPercentile(50)).isLessThan(60_000 + 200_000);
        assertThat(r.getErrors()).isZero();
    }

    @Test
    void anOrderNeverVisibleIsCountedAsNotVisibleAfterTheGiveUpTime() throws Exception {
        String base = start(Fake.visibleAfter(-1));
        VisibilityReport r = new VisibilityLatency(settings(base, "--rate", "20", "--sample", "0.5",
                "--max-polls-in-flight", "4", "--give-up-ms", "300")).run(false);

        assertThat(r.posted()).as(r.toText()).isEqualTo(20);
        assertThat(r.sampled()).isEqualTo(10);
        assertThat(r.visible()).isZero();
        assertThat(r.notVisible()).isEqualTo(10);
        assertThat(r.visibility().getTotalCount()).isZero();
        assertThat(r.allGets()).as("polled again after each 404").isGreaterThan(r.sampled());
        assertThat(r.toText()).contains("not visible within 300 ms 10").contains("p50 -");
    }

    @Test
    void postsTheConnectionsCannotSendOnTimeAreCountedLateAndTheirLatencyCountsFromTheIntendedTime()
            throws Exception {
        // One connection, 30 ms per POST, one intended every 10 ms: from the second on, every POST goes late.
        String base = start(new Fake(0, 0, 30, 0));
        VisibilityReport r = new VisibilityLatency(settings(base, "--rate", "100", "--connections", "1",
                "--sample", "1", "--give-up-ms", "5000")).run(false);

        assertThat(r.posted()).as(r.toText()).isEqualTo(100);
        assertThat(r.postErrors() + r.postNon2xx()).isZero();
        assertThat(r.postLate()).isBetween(99L, 100L);
        // POST 99 is intended at 990 ms and sent after 99 POSTs of 30 ms: it waited about 2 s for the connection.
        assertThat(r.postLatency().getMaxValue()).isGreaterThan(1_500_000);
        assertThat(r.visible()).isEqualTo(100);
        assertThat(postClientPorts).hasSize(1);
    }

    @Test
    void aCreatedWithoutLocationIsCountedAndNotWatched() throws Exception {
        String base = start(new Fake(0, 0, 0, 4));
        VisibilityReport r = new VisibilityLatency(settings(base, "--rate", "40", "--sample", "1",
                "--connections", "1", "--give-up-ms", "5000")).run(false);

        // With one connection the fake's ids follow the sequence: every 4th 201 has no Location.
        assertThat(r.posted()).as(r.toText()).isEqualTo(40);
        assertThat(r.postsWithoutId()).isEqualTo(10);
        assertThat(r.postErrors() + r.postNon2xx()).isZero();
        assertThat(r.sampled()).isEqualTo(30);
        assertThat(r.visible()).isEqualTo(30);
        assertThat(r.toText()).contains("201 without an id 10");
    }

    @Test
    void theJsonBodyIdOptionIsGoneWithAMessageThatSaysWhere() {
        assertThatThrownBy(() -> VisibilityLatency.Settings.parse(new String[] {"--write", "http://127.0.0.1:1/o",
                "--body", "{}", "--read", "http://127.0.0.1:1/d?id={id}", "--id-field", "order_id"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Location");
        assertThatThrownBy(() -> VisibilityLatency.Settings.parse(new String[] {"--write", "http://127.0.0.1:1/o",
                "--body", "{}", "--read", "http://127.0.0.1:1/d?id={id}", "--conections", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--conections");
    }
}
