package io.streamgate.payments;

import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The status of an asynchronous payment is shared: any replica answers for a payment another one accepted. */
class PaymentStatusAcrossReplicasTest extends EndToEndTest {

    @Test
    void shouldAnswerTheStatusOfAnAsynchronousPaymentOnAnotherReplica() {
        try (ConfigurableApplicationContext second = SecondApplication.start()) {
            WebTestClient replica = SecondApplication.clientOf(second);
            AtomicReference<String> location = new AtomicReference<>();

            http.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                    .header("Prefer", "respond-async")
                    .bodyValue("{\"amount\": 7.25, \"currency\": \"EUR\", \"customer_id\": \"REPLICA-1\"}")
                    .exchange()
                    .expectStatus().isAccepted()
                    .expectHeader().value("Location", location::set);

            // Right after the 202 the other replica knows the payment (pending or already delivered).
            replica.get().uri(location.get()).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").value(status ->
                            assertThat(status).isIn("pending", "delivered"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    replica.get().uri(location.get()).exchange()
                            .expectStatus().isOk()
                            .expectBody()
                            .jsonPath("$.payment_id").isEqualTo(location.get().substring("/payments/".length()))
                            .jsonPath("$.status").isEqualTo("delivered")
                            .jsonPath("$.topic").isEqualTo("payments")
                            .jsonPath("$.partition").isNumber()
                            .jsonPath("$.offset").isNumber());
        }
    }

    @Test
    void shouldAnswer404OnEveryReplicaForAPaymentNobodyAccepted() {
        try (ConfigurableApplicationContext second = SecondApplication.start()) {
            SecondApplication.clientOf(second).get().uri("/payments/" + UUID.randomUUID()).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }
}
