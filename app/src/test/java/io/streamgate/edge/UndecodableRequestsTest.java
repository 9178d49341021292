package io.streamgate.edge;

import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests whose head the HTTP codec cannot decode (a request line or headers over the listener's limits, or not
 * HTTP at all) get the same problem+json as every other error, with a request id, on every listener; then the
 * connection is closed, since the codec cannot tell where a next request would begin.
 */
class UndecodableRequestsTest extends EndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;
    @Autowired
    AdditionalPort orderDetailsPort;

    @Test
    void shouldAnswer414ProblemToAFiveThousandCharacterQueryStringOnEachListener() throws IOException {
        for (int listener : new int[] {port, orderDetailsPort.port()}) {
            RawHttp.Response response = send(listener,
                    "GET /order-details?orderId=" + "A".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

            JsonNode problem = assertProblem(response, 414);
            assertThat(problem.path("title").asString()).isEqualTo("URI too long");
            assertThat(problem.path("detail").asString()).contains(problem.path("limit_bytes").asString() + " bytes")
                    .contains("request body");
        }
    }

    @Test
    void shouldAnswer431ProblemToATenKilobyteHeaderOnEachListener() throws IOException {
        for (int listener : new int[] {port, orderDetailsPort.port()}) {
            RawHttp.Response response = send(listener, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Filler: " + "x".repeat(10_240) + "\r\n\r\n");

            JsonNode problem = assertProblem(response, 431);
            assertThat(problem.path("title").asString()).isEqualTo("Request headers too large");
            assertThat(problem.path("instance").asString()).isEqualTo("/health");
        }
    }

    @Test
    void shouldAnswer400ProblemToAHeadThatIsNotHttp() throws IOException {
        RawHttp.Response response = send(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n");

        JsonNode problem = assertProblem(response, 400);
        assertThat(problem.path("detail").asString()).contains("not valid HTTP/1.1");
    }

    private static RawHttp.Response send(int listener, String request) throws IOException {
        try (RawHttp connection = RawHttp.connect(listener, 10_000)) {
            return connection.send(request).read();
        }
    }

    private static JsonNode assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("Connection")).isEqualTo("close");
        String requestId = response.header("X-Request-ID");
        assertThat(requestId).isNotBlank();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("request_id").asString()).isEqualTo(requestId);
        assertThat(problem.path("type").asString()).startsWith("urn:streamgate:problem:");
        return problem;
    }
}
