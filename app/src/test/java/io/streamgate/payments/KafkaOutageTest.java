package io.streamgate.payments;

import io.streamgate.devstack.DevStack;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is stopped and restarted under the running application, like a real outage: payments get a quick 503,
 * readiness goes down, and both recover by themselves.
 */
class KafkaOutageTest extends EndToEndTest {

    private static final String BODY = "{\"amount\": 5, \"currency\": \"USD\", \"customer_id\": \"OUTAGE-1\"}";

    @AfterEach
    void brokerRunsAgainAndTheAppHasSeenIt() {
        if (!DevStack.shared().kafka().isRunning()) {
            DevStack.shared().kafka().start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                http.get().uri("/readyz").exchange().expectStatus().isOk());
    }

    @Test
    void shouldAnswer503QuicklyWhileKafkaIsDownAndRecoverWhenItReturns() {
        post(http).expectStatus().isCreated();

        DevStack.shared().kafka().stop();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                http.get().uri("/readyz").exchange().expectStatus().isEqualTo(503));
        long started = System.nanoTime();
        post(http).expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        http.get().uri("/health").exchange().expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.kafka").isEqualTo("disconnected");
        assertThat(http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
                .getResponseBody()).containsPattern(
                "streamgate_produce_errors_total\\{kind=\"KAFKA_UNAVAILABLE\",topic=\"payments\"} [1-9]");

        DevStack.shared().kafka().start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                http.get().uri("/readyz").exchange().expectStatus().isOk());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> post(http).expectStatus().isCreated());
    }

    @Test
    void shouldStartWithKafkaDownAndBecomeReadyWhenItComesBack() {
        DevStack.shared().kafka().stop();
        try (ConfigurableApplicationContext app = SecondApplication.start()) {
            WebTestClient client = SecondApplication.clientOf(app);
            client.get().uri("/readyz").exchange().expectStatus().isEqualTo(503);
            client.get().uri("/livez").exchange().expectStatus().isOk();
            long started = System.nanoTime();
            post(client).expectStatus().isEqualTo(503).expectHeader().exists("Retry-After");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

            DevStack.shared().kafka().start();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    client.get().uri("/readyz").exchange().expectStatus().isOk());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> post(client).expectStatus().isCreated());
        }
    }

    @Test
    void shouldFlushEveryAcceptedPaymentWhenTheApplicationShutsDown() {
        int count = 300;
        try (TopicProbe<Payment> payments = probe(Topics.PAYMENTS)) {
            ConfigurableApplicationContext app = SecondApplication.start("--streamgate.payments.delivery=fire-and-forget");
            WebTestClient client = SecondApplication.clientOf(app);
            for (int i = 0; i < count; i++) {
                client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"amount\": 1, \"currency\": \"USD\", \"customer_id\": \"FLUSH-" + i + "\"}")
                        .exchange().expectStatus().isAccepted();
            }
            app.close();

            await().atMost(Duration.ofSeconds(15)).until(() -> payments.drain().stream()
                    .filter(r -> r.key().startsWith("FLUSH-")).count() == count);
        }
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client) {
        return client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange();
    }
}
