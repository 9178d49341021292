package io.streamgate.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
     * closed, which is staleness, not an error. (Here every connection counts as old at once: no waiting.)
     */
    @Test
    void aConnectionUnusedPastTheServersHeadTimeoutIsReopenedOnce() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        CountDownLatch firstClosed = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        if (accepted.incrementAndGet() == 1) {
                            s.close(); // the first connection: closed before any request (a head timeout)
                            firstClosed.countDown();
                            continue;
                        }
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            byte[] request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                    .getBytes(StandardCharsets.US_ASCII);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (KeepAliveConnection c = new KeepAliveConnection(address, 2000, null, Duration.ZERO)) {
                assertThat(firstClosed.await(2, TimeUnit.SECONDS)).isTrue();
                assertThat(c.exchange(request, request.length, false)).isEqualTo(201);
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
