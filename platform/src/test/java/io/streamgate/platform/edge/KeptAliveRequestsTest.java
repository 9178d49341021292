package io.streamgate.platform.edge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request on a kept-alive connection is answered, whichever thread answered the one before. A plain
 * reactor-netty server, none of Streamgate's handlers: one route answers on another thread (as {@code /health} and
 * every database route do) and one at once on the event loop (as {@code /supported-languages}). reactor-netty 1.3.7
 * queued a request that arrived while the previous one was finishing and, when the queued one then completed on the
 * event loop, asked for no further read: the next request sat unread in the socket forever (reactor-netty issue
 * 4361). Raw sockets, so that nothing between the test and the server retries or times out on its own.
 */
class KeptAliveRequestsTest {

    /** Far above any answer of these routes on a loaded machine, far below "never". */
    private static final int ANSWER_WITHIN_MS = 5_000;

    private static DisposableServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/elsewhere", (request, response) -> response.sendString(
                                Mono.fromCallable(() -> "elsewhere").subscribeOn(Schedulers.boundedElastic())))
                        .get("/at-once", (request, response) -> response.sendString(Mono.just("at-once"))))
                .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
    }

    @Test
    void shouldAnswerARequestSentAfterTwoPipelinedRequestsOfTheTwoKindsOfRoute() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Socket socket = connect()) {
                socket.getOutputStream().write((get("/elsewhere") + get("/at-once")).getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(socket)).endsWith("elsewhere");
                assertThat(readResponse(socket)).endsWith("at-once");

                socket.getOutputStream().write(get("/at-once").getBytes(StandardCharsets.US_ASCII));

                assertThat(readResponse(socket)).as("attempt %d: the request after the pipelined pair", attempt)
                        .endsWith("at-once");
            }
        }
    }

    @Test
    void shouldAnswerEveryOneOfManyAlternatingRequestsOnOneKeptAliveConnection() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 600; i++) {
                String path = i % 2 == 0 ? "/at-once" : "/elsewhere";
                socket.getOutputStream().write(get(path).getBytes(StandardCharsets.US_ASCII));

                assertThat(readResponse(socket)).as("request %d, %s", i, path).endsWith(path.substring(1));
            }
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(ANSWER_WITHIN_MS);
        return socket;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** One response with a {@code content-length} body, read byte by byte so that the next one stays in the socket. */
    private static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed by the server after " + head.length() + " bytes");
                }
                head.append((char) b);
            }
            int length = head.toString().lines()
                    .filter(line -> line.toLowerCase().startsWith("content-length:"))
                    .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElseThrow(() -> new IOException("no content-length in " + head));
            return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer within " + ANSWER_WITHIN_MS + " ms; received: " + head, e);
        }
    }
}
