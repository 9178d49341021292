package io.streamgate.edge;

import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that hold connections without using them are closed by the server within the configured bounds, on every
 * listener, while ordinary clients keep being answered. Raw sockets, so that nothing between the test and the server
 * completes, retries or times out a request on its own.
 */
@TestPropertySource(properties = {
        "streamgate.http.request-head-timeout=2s",
        "streamgate.http.idle-timeout=6s",
        "streamgate.http.body-read-timeout=2s",
        "streamgate.http.max-connections=5000"})
class SlowClientsTest extends EndToEndTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(6);
    /** Scheduling on a machine this loaded: a close may come this much after its bound. */
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final String HALF_A_HEAD = "POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";
    private static final String PAYMENT = """
            {"amount": 12.50, "currency": "EUR", "customer_id": "CUST-EDGE"}""";

    @Value("${local.server.port}")
    int port;
    @Autowired
    AdditionalPort orderDetailsPort;

    @Test
    void shouldCloseThreeThousandHalfOpenRequestsWithinTheBoundWhileHealthAndPaymentsAnswerWithinASecond()
            throws IOException {
        pay();
        List<Socket> halfOpen = new ArrayList<>();
        try {
            long opened = System.nanoTime();
            for (int i = 0; i < 3_000; i++) {
                Socket socket = new Socket("127.0.0.1", i % 4 == 0 ? orderDetailsPort.port() : port);
                halfOpen.add(socket);
                socket.getOutputStream().write(HALF_A_HEAD.getBytes(StandardCharsets.US_ASCII));
            }
            Duration openingTook = Duration.ofNanos(System.nanoTime() - opened);

            // New connections, as a new client's: a pooled one may be closed by the idle timeout while the
            // half-open ones were being opened.
            long health = System.nanoTime();
            assertThat(onNewConnection("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
            assertThat(Duration.ofNanos(System.nanoTime() - health)).isLessThan(Duration.ofSeconds(1));
            long payment = System.nanoTime();
            assertThat(onNewConnection("POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + PAYMENT.length() + "\r\n\r\n" + PAYMENT))
                    .startsWith("HTTP/1.1 201");
            assertThat(Duration.ofNanos(System.nanoTime() - payment)).isLessThan(Duration.ofSeconds(1));

            // The last socket was opened openingTook after the first: every one must be closed by then plus the bound.
            Duration allowed = openingTook.plus(HEAD_TIMEOUT).plus(SLACK);
            for (Socket socket : halfOpen) {
                socket.setSoTimeout((int) Math.max(1, allowed.minusNanos(System.nanoTime() - opened).toMillis()));
                assertThat(readUntilClosed(socket.getInputStream())).as("what a half-open request is answered").isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(allowed);
        } finally {
            for (Socket socket : halfOpen) {
                socket.close();
            }
        }
    }

    @Test
    void shouldCloseAKeptAliveConnectionAfterTheIdleTimeoutNotBefore() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) IDLE_TIMEOUT.plus(SLACK).toMillis());
            socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long sent = System.nanoTime();

            String response = readUntilClosed(socket.getInputStream());

            Duration open = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(open).isGreaterThanOrEqualTo(IDLE_TIMEOUT.minusMillis(200)).isLessThan(IDLE_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void shouldCloseAKeptAliveConnectionWhoseNextRequestHeadStopsHalfway() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", orderDetailsPort.port())) {
            socket.setSoTimeout((int) IDLE_TIMEOUT.plus(SLACK).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String first = readHead(in);
            assertThat(first).startsWith("HTTP/1.1 200");

            out.write("GET /livez HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
            long sent = System.nanoTime();
            readUntilClosed(in);

            // Closed by the head bound, well before the idle timeout would have done it.
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .isGreaterThanOrEqualTo(HEAD_TIMEOUT.minusMillis(200)).isLessThan(IDLE_TIMEOUT);
        }
    }

    @Test
    void shouldAnswer408ProblemToABodySentAByteASecond() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) HEAD_TIMEOUT.plus(SLACK).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + PAYMENT.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            Thread dribbler = Thread.ofVirtual().start(() -> {
                try {
                    for (byte b : PAYMENT.getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(1_000);
                    }
                } catch (IOException | InterruptedException closed) {
                    // The server answered and closed, or the test is over: the dribble ends either way.
                }
            });
            try {
                String response = readUntilClosed(socket.getInputStream());

                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HEAD_TIMEOUT.plus(SLACK));
                assertThat(response).startsWith("HTTP/1.1 408");
                String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
                assertThat(head).contains("content-type: application/problem+json").contains("connection: close");
                assertThat(response).contains("\"status\":408").contains("\"timeout_ms\":2000");
            } finally {
                dribbler.interrupt();
            }
        }
    }

    @Test
    void shouldAcceptABodyThatArrivesInPiecesWithinTheBound() throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) HEAD_TIMEOUT.plus(SLACK).toMillis());
            OutputStream out = socket.getOutputStream();
            byte[] body = PAYMENT.getBytes(StandardCharsets.US_ASCII);
            out.write(("POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(500);
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();

            assertThat(readUntilClosed(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
    }

    private String onNewConnection(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readUntilClosed(socket.getInputStream());
        }
    }

    private void pay() {
        http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(PAYMENT)
                .exchange().expectStatus().isCreated();
    }

    /** Everything the server sends until it closes the connection (a reset after a close counts as closed). */
    static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            }
        } catch (SocketException reset) {
            if (!String.valueOf(reset.getMessage()).contains("reset")) {
                throw reset;
            }
        }
        return text.toString();
    }

    /** A response head and its (small, fixed-length) body, leaving the connection open. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().contains("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("a response head before the connection closes").isNotNegative();
            text.append((char) b);
        }
        String head = text.toString().toLowerCase();
        int at = head.indexOf("content-length: ");
        int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim());
        text.append(new String(in.readNBytes(length), StandardCharsets.US_ASCII));
        return text.toString();
    }
}
