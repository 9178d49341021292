package io.streamgate.health;

import io.streamgate.platform.health.SharedHealthIndicator;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.registry.HealthContributorRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that give up on a health route ({@code curl -m 0.008}) change nothing for the next caller: a client going
 * away never interrupts a check, and a check that did not finish is never served as a result. Raw sockets, closed a
 * few milliseconds after the request was sent, as a client with a short timeout does.
 */
class HealthWhenClientsGiveUpTest extends EndToEndTest {

    /** Several times the registry check's cache lifetime (1 s), so that many give-ups meet a check in flight. */
    private static final Duration GIVING_UP_FOR = Duration.ofSeconds(5);
    private static final long[] GIVE_UP_AFTER_MICROS = {300, 700, 1_000, 1_500, 2_000, 3_000, 4_000, 6_000, 8_000};

    @Value("${local.server.port}")
    int port;
    @Autowired
    HealthContributorRegistry contributors;

    @Test
    void shouldAnswerHealthyRightAfterClientsGaveUpOnHealthChecks() throws IOException {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(this::assertHealthy);

        long end = System.nanoTime() + GIVING_UP_FOR.toNanos();
        while (System.nanoTime() < end) {
            for (String path : List.of("/health", "/actuator/health")) {
                giveUpOn(path, GIVE_UP_AFTER_MICROS);
            }
            assertHealthy();
        }
    }

    @Test
    void shouldRunTheBlockingIndicatorsAsSharedChecks() {
        // Boot's database indicator included, under the name Boot gives it.
        assertThat(contributors.getContributor("db")).isInstanceOf(SharedHealthIndicator.class);
        assertThat(contributors.getContributor("schemaRegistry")).isInstanceOf(SharedHealthIndicator.class);
    }

    private void assertHealthy() {
        http.get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("healthy")
                .jsonPath("$.schema_registry").isEqualTo("up")
                .jsonPath("$.postgres").isEqualTo("up");
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    /** Sends one request per delay, all at once, and closes each connection when its delay has passed. */
    private void giveUpOn(String path, long[] afterMicros) throws IOException {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < afterMicros.length; i++) {
                sockets.add(new Socket("127.0.0.1", port));
            }
            long sent = System.nanoTime();
            for (Socket socket : sockets) {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            }
            for (int i = 0; i < afterMicros.length; i++) {
                long closeAt = sent + TimeUnit.MICROSECONDS.toNanos(afterMicros[i]);
                // The client's own timeout: it gives up at this moment, whatever the server is doing.
                LockSupport.parkNanos(closeAt - System.nanoTime());
                sockets.get(i).close();
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
