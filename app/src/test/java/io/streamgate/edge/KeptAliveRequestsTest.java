package io.streamgate.edge;

import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;

import static io.streamgate.support.RawHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request on a kept-alive connection is answered, on both listeners, whichever thread answered the one before:
 * {@code /health} completes off the event loop, {@code /supported-languages} and {@code /livez} on it. Before
 * reactor-netty 1.3.8 a request sent after such a pair was never answered (reactor-netty issue 4361; the plain-server
 * proof is the platform's {@code KeptAliveRequestsTest}).
 */
class KeptAliveRequestsTest extends EndToEndTest {

    private static final int ANSWER_WITHIN_MS = 10_000;

    @Value("${local.server.port}")
    int port;
    @Autowired
    AdditionalPort orderDetailsPort;

    @Test
    void shouldAnswerARequestSentAfterAPipelinedHealthAndSupportedLanguages() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (RawHttp connection = RawHttp.connect(port, ANSWER_WITHIN_MS)) {
                connection.send(get("/health") + get("/supported-languages"));
                assertThat(connection.read().body()).contains("\"status\":\"healthy\"");
                assertThat(connection.read().body()).contains("python");

                connection.send(get("/supported-languages"));

                assertThat(connection.read().status()).as("attempt %d: the request after the pipelined pair", attempt)
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void shouldAnswerEveryOneOfManyAlternatingRequestsOnOneKeptAliveConnectionOnEachListener() throws IOException {
        for (int listener : new int[] {port, orderDetailsPort.port()}) {
            try (RawHttp connection = RawHttp.connect(listener, ANSWER_WITHIN_MS)) {
                for (int i = 0; i < 300; i++) {
                    String path = i % 2 == 0 ? "/health" : "/livez";
                    connection.send(get(path));

                    assertThat(connection.read().status()).as("port %d, request %d, %s", listener, i, path)
                            .isEqualTo(200);
                }
            }
        }
    }
}
