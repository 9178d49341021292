package io.streamgate.payments;

import io.streamgate.devstack.DevStack;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code GET /payments/{id}} says about an asynchronous payment whose publish failed: {@code failed} only when
 * nothing was written, {@code unknown} when the producer gave up on a record it had sent (the broker may have written
 * it). Real producer, real broker, real faults: the broker frozen with the record in flight, and the broker refusing
 * the record as too large. An instance of its own with a short delivery timeout, so the producer gives up within the
 * test (the default outlasts a failover: 30 s).
 */
class AsyncPaymentOutcomeTest extends EndToEndTest {

    private static final String[] SHORT_DELIVERY = {
            "--streamgate.kafka.request-timeout=1s",
            "--streamgate.kafka.delivery-timeout=2500ms",
            "--streamgate.kafka.answer-timeout=1s"};

    @AfterEach
    void brokerAnswersAgain() {
        DevStack.shared().kafka().thaw();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                http.get().uri("/readyz").exchange().expectStatus().isOk());
    }

    @Test
    void aPaymentInFlightWhenTheProducerGivesUpIsUnknownNotFailed() {
        try (ConfigurableApplicationContext app = SecondApplication.start(SHORT_DELIVERY)) {
            WebTestClient client = SecondApplication.clientOf(app);
            // Topic metadata and schema ids warm: the next publish goes straight to the producer.
            assertThat(statusAfterDelivery(client, postAsync(client, "OUTCOME-WARM"))).isEqualTo("delivered");

            String location;
            DevStack.shared().kafka().freeze();
            try {
                // Sent before the availability probe (1 s interval, 1 s timeout) can notice: the record is in a batch
                // on its way to a broker that answers nothing, and the producer gives up on it after 2.5 s.
                location = postAsync(client, "OUTCOME-UNKNOWN");
                await().atMost(Duration.ofSeconds(20)).until(() -> !status(client, location).equals("pending"));
            } finally {
                DevStack.shared().kafka().thaw();
            }
            client.get().uri(location).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("unknown")
                    .jsonPath("$.error").value(error -> assertThat((String) error)
                            .contains("may have been written", "same Idempotency-Key", "payments topic")
                            .contains("Expiring 1 record(s)"))
                    .jsonPath("$.offset").doesNotExist();
        }
    }

    @Test
    void aPaymentTheBrokerRefusesIsFailed() throws Exception {
        try (ConfigurableApplicationContext app = SecondApplication.start(SHORT_DELIVERY);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            WebTestClient client = SecondApplication.clientOf(app);
            assertThat(statusAfterDelivery(client, postAsync(client, "OUTCOME-WARM"))).isEqualTo("delivered");

            ConfigResource payments = new ConfigResource(ConfigResource.Type.TOPIC, "payments");
            admin.incrementalAlterConfigs(Map.of(payments, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", "64"), AlterConfigOp.OpType.SET)))).all().get();
            try {
                // The broker checks the size before it appends: nothing written. (Its topic configuration reaches the
                // log a moment after the change: a payment posted before that is delivered, so post until one fails.)
                AtomicReference<String> refused = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    String location = postAsync(client, "OUTCOME-FAILED");
                    if (statusAfterDelivery(client, location).equals("failed")) {
                        refused.set(location);
                        return true;
                    }
                    return false;
                });
                client.get().uri(refused.get()).exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.status").isEqualTo("failed")
                        .jsonPath("$.error").value(error -> assertThat((String) error)
                                .startsWith("Not written").contains("Kafka rejected the record"));
            } finally {
                admin.incrementalAlterConfigs(Map.of(payments, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
    }

    private static String postAsync(WebTestClient client, String customer) {
        AtomicReference<String> location = new AtomicReference<>();
        client.post().uri("/payments").contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "respond-async")
                .bodyValue("{\"amount\": 3.50, \"currency\": \"EUR\", \"customer_id\": \"" + customer + "-"
                        + UUID.randomUUID() + "\"}")
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().value("Location", location::set);
        return location.get();
    }

    private static String statusAfterDelivery(WebTestClient client, String location) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> status(client, location),
                status -> !status.equals("pending"));
    }

    private static String status(WebTestClient client, String location) {
        return client.get().uri(location).exchange()
                .expectStatus().isOk()
                .expectBody(PaymentStatus.class).returnResult().getResponseBody().status();
    }
}
