package io.streamgate.payments;

import io.streamgate.support.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {
        "streamgate.http.rate-limit.capacity=3",
        "streamgate.http.rate-limit.refill-per-second=0.5"})
class RateLimitedPaymentsTest extends EndToEndTest {

    private static final String BODY = "{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"RATE-1\"}";

    @Test
    void shouldAnswer429WithRetryAfterOnceAClientsBucketIsEmpty() {
        for (int i = 0; i < 3; i++) {
            post("client-a").expectStatus().isCreated();
        }
        String retryAfter = post("client-a")
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .returnResult(String.class).getResponseHeaders().getFirst("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 2);

        // Another client has its own bucket; probes are never limited.
        post("client-b").expectStatus().isCreated();
        http.get().uri("/livez").exchange().expectStatus().isOk();
        String metrics = http.get().uri("/actuator/prometheus").exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).containsPattern("streamgate_ratelimit_rejected_total(\\{[^}]*})? [1-9]");
    }

    private WebTestClient.ResponseSpec post(String apiKey) {
        return http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .header("X-API-Key", apiKey).bodyValue(BODY).exchange();
    }
}
