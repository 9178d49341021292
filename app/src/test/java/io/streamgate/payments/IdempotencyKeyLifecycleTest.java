package io.streamgate.payments;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of an {@code Idempotency-Key} when things go wrong: a request still running, a holder that died, a request
 * answered 503. Rows of other requests are planted with the scope and fingerprint the application itself stored for a
 * first request, so the test does not depend on how they are computed.
 */
class IdempotencyKeyLifecycleTest extends EndToEndTest {

    private static final String BODY = "{\"amount\": 5.00, \"currency\": \"USD\", \"customer_id\": \"LIFE-1\"}";

    @Autowired
    DataSource dataSource;

    private JdbcClient db;
    private String scope;
    private byte[] fingerprint;

    @BeforeEach
    void learnScopeAndFingerprintOfThisRequest() {
        db = JdbcClient.create(dataSource);
        String key = UUID.randomUUID().toString();
        post(http, key).expectStatus().isCreated();
        scope = db.sql("SELECT scope FROM idempotency_keys WHERE idempotency_key = ?").param(key)
                .query(String.class).single();
        fingerprint = db.sql("SELECT fingerprint FROM idempotency_keys WHERE idempotency_key = ?").param(key)
                .query(byte[].class).single();
    }

    @Test
    void shouldAnswer409WhileTheSameKeyIsStillInProgress() {
        String key = UUID.randomUUID().toString();
        claim(key, "now()");

        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            post(http, key)
                    .expectStatus().isEqualTo(409)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.status").isEqualTo(409);
            assertThat(payments.recordsWrittenSinceStart()).isZero();
        }
        assertThat(state(key)).isEqualTo("IN_PROGRESS");
    }

    @Test
    void shouldTakeOverAKeyWhoseHolderDiedOnceTheLeaseExpired() {
        String key = UUID.randomUUID().toString();
        claim(key, "now() - interval '1 hour'");

        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            AtomicReference<String> paymentId = new AtomicReference<>();
            post(http, key).expectStatus().isCreated()
                    .expectBody().jsonPath("$.payment_id").value(id -> paymentId.set(String.valueOf(id)));
            assertThat(payments.awaitRecord(r -> r.value().getPaymentId().toString().equals(paymentId.get())).key())
                    .isEqualTo("LIFE-1");
            assertThat(payments.recordsWrittenSinceStart()).isEqualTo(1);
        }
        assertThat(state(key)).isEqualTo("COMPLETED");
    }

    @Test
    void shouldReleaseTheKeyAfterA503SoThatARetryRuns() {
        String key = UUID.randomUUID().toString();
        // A replica whose Kafka is unreachable: every publish fails at once with 503.
        try (ConfigurableApplicationContext cutOff = SecondApplication.start(
                "--spring.kafka.bootstrap-servers=127.0.0.1:1")) {
            post(SecondApplication.clientOf(cutOff), key)
                    .expectStatus().isEqualTo(503)
                    .expectHeader().exists("Retry-After");
        }
        assertThat(db.sql("SELECT count(*) FROM idempotency_keys WHERE idempotency_key = ?").param(key)
                .query(Integer.class).single()).isZero();

        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            post(http, key).expectStatus().isCreated()
                    .expectHeader().doesNotExist("Idempotent-Replayed");
            payments.awaitRecord(r -> r.value().getPaymentId().toString().equals(paymentIdOf(key)));
            assertThat(payments.recordsWrittenSinceStart()).isEqualTo(1);
        }
        assertThat(state(key)).isEqualTo("COMPLETED");
    }

    /** Plants a claim of this request's key as another replica would have left it. */
    private void claim(String key, String claimedAt) {
        db.sql("INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, state, claimed_at) "
                        + "VALUES (?, ?, ?, 'IN_PROGRESS', " + claimedAt + ")")
                .params(scope, key, fingerprint).update();
    }

    private String state(String key) {
        return db.sql("SELECT state FROM idempotency_keys WHERE idempotency_key = ?").param(key)
                .query(String.class).single();
    }

    /** The payment id the completed request answered with, from its stored response. */
    private String paymentIdOf(String key) {
        String body = new String(db.sql("SELECT response_body FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key).query(byte[].class).single(), java.nio.charset.StandardCharsets.UTF_8);
        int start = body.indexOf("\"payment_id\":\"") + "\"payment_id\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String key) {
        return client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(BODY).exchange();
    }
}
