package io.streamgate.payments;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotentPaymentsTest extends EndToEndTest {

    private static final String BODY = "{\"amount\": 42.00, \"currency\": \"USD\", \"customer_id\": \"IDEM-1\"}";

    @Autowired
    DataSource dataSource;

    @Test
    void shouldReplayTheFirstResponseToARetryAndWriteOnlyOnce() {
        String key = UUID.randomUUID().toString();
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            String first = post(key, BODY).expectStatus().isCreated()
                    .expectBody(String.class).returnResult().getResponseBody();
            String retry = post(key, "{\"customer_id\": \"IDEM-1\", \"currency\": \"USD\", \"amount\": 42}")
                    .expectStatus().isCreated()
                    .expectHeader().valueEquals("Idempotent-Replayed", "true")
                    .expectBody(String.class).returnResult().getResponseBody();

            assertThat(retry).isEqualTo(first);
            payments.awaitRecord(r -> r.key().equals("IDEM-1"));
            assertThat(payments.recordsWrittenSinceStart()).isEqualTo(1);
        }
    }

    @Test
    void shouldRejectTheSameKeyWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        post(key, BODY).expectStatus().isCreated();
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            post(key, "{\"amount\": 43.00, \"currency\": \"USD\", \"customer_id\": \"IDEM-1\"}")
                    .expectStatus().isEqualTo(422)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldReplayAfterARestartBecauseKeysLiveInPostgres() {
        String key = UUID.randomUUID().toString();
        String first = post(key, BODY).expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ? AND state = 'COMPLETED'")
                .param(key).query(Integer.class).single()).isEqualTo(1);

        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS);
             ConfigurableApplicationContext restarted = SecondApplication.start()) {
            String replay = SecondApplication.clientOf(restarted).post().uri("/payments")
                    .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key).bodyValue(BODY)
                    .exchange()
                    .expectStatus().isCreated()
                    .expectHeader().valueEquals("Idempotent-Replayed", "true")
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(replay).isEqualTo(first);
            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
    }

    @Test
    void shouldRejectAMalformedKey() {
        post("two words", BODY).expectStatus().isBadRequest();
        post("k".repeat(256), BODY).expectStatus().isBadRequest();
    }

    @Test
    void shouldGiveEachBatchItemTheSameIdOnARetry() {
        String key = UUID.randomUUID().toString();
        String batch = "[" + BODY + ", " + BODY.replace("IDEM-1", "IDEM-2") + "]";
        String first = http.post().uri("/payments/batch").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(batch).exchange()
                .expectStatus().isEqualTo(207).expectBody(String.class).returnResult().getResponseBody();
        String retry = http.post().uri("/payments/batch").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(batch).exchange()
                .expectStatus().isEqualTo(207)
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(retry).isEqualTo(first);
    }

    private WebTestClient.ResponseSpec post(String key, String body) {
        return http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(body).exchange();
    }

}
