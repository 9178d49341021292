package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tool against a fake write route and read model on loopback: an order becomes readable a fixed delay after its
 * 201 (or never), and the fake counts the reads it has in flight at once.
 */
@Timeout(60)
class VisibilityLatencyEndToEndTest {

    private HttpServer server;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final AtomicInteger maxReadsInFlight = new AtomicInteger();

    private String start(long visibleAfterMillis) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/orders", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String id = "ORD-" + ids.incrementAndGet();
            createdAt.put(id, System.nanoTime());
            respond(exchange, 201, "{\"order_id\":\"" + id + "\",\"status\":\"PENDING\"}");
        });
        server.createContext("/order-details", exchange -> {
            int now = readsInFlight.incrementAndGet();
            maxReadsInFlight.accumulateAndGet(now, Math::max);
            try {
                String id = exchange.getRequestURI().getQuery().replaceFirst("^orderId=", "");
                Long created = createdAt.get(id);
                boolean visible = created != null && visibleAfterMillis >= 0
                        && System.nanoTime() - created >= visibleAfterMillis * 1_000_000;
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
        server.stop(0);
    }

    private static VisibilityLatency.Settings settings(String base, int rate, String sample, int cap, long giveUpMs) {
        return VisibilityLatency.Settings.parse(new String[] {
                "--write", base + "/orders", "--body", "{\"customer_id\":\"C-{n}\"}",
                "--read", base + "/order-details?orderId={id}", "--rate", Integer.toString(rate),
                "--seconds", "1", "--warmup", "0", "--sample", sample, "--poll-ms", "5",
                "--max-polls-in-flight", Integer.toString(cap), "--give-up-ms", Long.toString(giveUpMs)});
    }

    @Test
    void watchesEveryKthOrderUntilVisibleAndNeverExceedsTheReadCap() throws Exception {
        String base = start(40);
        VisibilityReport r = new VisibilityLatency(settings(base, 200, "0.25", 3, 5_000)).run(false);

        assertThat(r.posted()).as(r.toText()).isEqualTo(200);
        assertThat(r.postErrors() + r.postNon2xx()).isZero();
        assertThat(r.sampled()).isEqualTo(50);
        assertThat(r.visible()).isEqualTo(50);
        assertThat(r.notVisible()).isZero();
        // Visible 40 ms after the server's 201; the client's clock starts a little later, hence the margin below.
        assertThat(r.visibility().getValueAtPercentile(50)).isGreaterThan(35_000);
        assertThat(r.visibility().getMaxValue()).isLessThan(5_000_000);
        assertThat(r.maxGetsInFlight()).isLessThanOrEqualTo(3);
        assertThat(maxReadsInFlight.get()).isLessThanOrEqualTo(3);
        assertThat(r.allGets()).isGreaterThanOrEqualTo(r.sampled()).isGreaterThanOrEqualTo(r.gets());
        assertThat(r.getErrors()).isZero();
    }

    @Test
    void anOrderNeverVisibleIsCountedAsNotVisibleAfterTheGiveUpTime() throws Exception {
        String base = start(-1);
        VisibilityReport r = new VisibilityLatency(settings(base, 20, "0.5", 4, 300)).run(false);

        assertThat(r.posted()).as(r.toText()).isEqualTo(20);
        assertThat(r.sampled()).isEqualTo(10);
        assertThat(r.visible()).isZero();
        assertThat(r.notVisible()).isEqualTo(10);
        assertThat(r.visibility().getTotalCount()).isZero();
        assertThat(r.allGets()).as("polled again after each 404").isGreaterThan(r.sampled());
        assertThat(r.toText()).contains("not visible within 300 ms 10").contains("p50 -");
    }
}
