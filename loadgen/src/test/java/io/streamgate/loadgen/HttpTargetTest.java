package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HttpTargetTest {

    /**
     * A server that answers one request per connection and then closes it without saying so (no
     * {@code Connection: close}), like a server reaping idle keep-alive connections: the client must retry on a
     * fresh connection instead of reporting an error.
     */
    @Test
    void staleKeepAliveConnectionIsReopenedOnce() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                        InputStream in = s.getInputStream();
                        in.read(new byte[4096]); // the whole (small) request arrives in one segment
                        s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                    closed.incrementAndGet();
                }
            });
            RequestTemplate template = new RequestTemplate("POST", "x", "/payments", List.of(),
                    Options.DEFAULT_BODY, 10);
            HttpTarget target = new HttpTarget(InetAddress.getLoopbackAddress(), server.getLocalPort(), template, 2000);
            try (Target.Connection c = target.connect()) {
                for (int i = 0; i < 3; i++) {
                    assertThat(c.exchange(i)).isEqualTo(201);
                    assertThat(c.reusable()).isTrue();
                    int served = i + 1;
                    // The server has closed this connection before the next request: the client must notice and
                    // reopen once.
                    await().atMost(Duration.ofSeconds(2)).until(() -> closed.get() >= served);
                }
            }
            assertThat(accepted.get()).isEqualTo(3);
            server.close();
            t.join(1000);
        }
    }

    /**
     * A server closes a connection that sends no request within its request-head timeout (Streamgate's
     * {@code streamgate.http.request-head-timeout}): a connection opened early and first used after that finds itself
     * closed, which is staleness, not an error.
     */
    @Test
    void aConnectionUnusedPastTheServersHeadTimeoutIsReopenedOnce() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        if (accepted.incrementAndGet() == 1) {
                            continue; // the first connection: closed at once, before any request (a head timeout)
                        }
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            RequestTemplate template = new RequestTemplate("POST", "x", "/", List.of(), "{}", 1);
            HttpTarget target = new HttpTarget(InetAddress.getLoopbackAddress(), server.getLocalPort(), template, 2000);
            try (Target.Connection c = target.connect()) {
                await().atMost(Duration.ofSeconds(2)).until(() -> accepted.get() >= 1);
                // Unused for longer than a just-opened connection may be.
                Thread.sleep(1_200);
                assertThat(c.exchange(0)).isEqualTo(201);
            }
            assertThat(accepted.get()).isEqualTo(2);
        }
    }

    @Test
    void aFreshConnectionThatClosesIsAnError() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[4096]);
                } catch (IOException ignored) {
                    // closing without an answer is the point
                }
            });
            RequestTemplate template = new RequestTemplate("POST", "x", "/", List.of(), "{}", 1);
            HttpTarget target = new HttpTarget(InetAddress.getLoopbackAddress(), server.getLocalPort(), template, 2000);
            try (Target.Connection c = target.connect()) {
                assertThatThrownBy(() -> c.exchange(0)).isInstanceOf(IOException.class);
            }
        }
    }
}
