package io.streamgate.health;

import io.streamgate.devstack.DevStack;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.SecondApplication;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each deployment's readiness follows what its own routes need. With the broker stopped, an instance running orders
 * alone (its routes write Postgres; the outbox keeps the events) stays ready and answers 201, and its events reach Kafka
 * once the broker is back; an instance running payments alone (201 only after Kafka's ack) is not ready meanwhile.
 * {@code /health} of both still shows Kafka down.
 */
class ReadinessPerRoleTest extends EndToEndTest {

    private static final String ORDER = """
            {"customer_id": "CUST-READY", "currency": "USD", "items": [{"sku": "SKU-1", "quantity": 1, "unit_price": 9.99}]}""";
    private static final String PAYMENT = """
            {"amount": 10.00, "currency": "USD", "customer_id": "customer-ready"}""";

    @Test
    void shouldKeepAnOrdersInstanceReadyThroughAKafkaOutageAndTakeAPaymentsInstanceOut() {
        try (ConfigurableApplicationContext orders = SecondApplication.start("--streamgate.systems=orders");
             ConfigurableApplicationContext payments = SecondApplication.start("--streamgate.systems=payments");
             TopicProbe<OrderEvent> events = probe(Topics.ORDER_EVENTS)) {
            WebTestClient ordersClient = SecondApplication.clientOf(orders);
            WebTestClient paymentsClient = SecondApplication.clientOf(payments);
            awaitReady(ordersClient);
            awaitReady(paymentsClient);
            String orderId;

            DevStack.shared().kafka().stop();
            try {
                for (WebTestClient client : List.of(ordersClient, paymentsClient)) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/health").exchange()
                            .expectStatus().isEqualTo(503).expectBody().jsonPath("$.kafka").isEqualTo("disconnected"));
                }
                paymentsClient.get().uri("/readyz").exchange().expectStatus().isEqualTo(503);
                paymentsClient.post().uri("/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(PAYMENT)
                        .exchange().expectStatus().isEqualTo(503);

                ordersClient.get().uri("/readyz").exchange().expectStatus().isOk();
                ordersClient.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                        .jsonPath("$.components.db.status").isEqualTo("UP")
                        .jsonPath("$.components.kafka").doesNotExist();
                Map<String, Object> order = ordersClient.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(ORDER).exchange().expectStatus().isCreated()
                        .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
                orderId = (String) order.get("order_id");
            } finally {
                DevStack.shared().kafka().start();
            }

            List<ConsumerRecord<String, OrderEvent>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                seen.clear();
                seen.addAll(events.drain());
                return seen.stream().anyMatch(r -> orderId.equals(r.key()));
            });
            assertThat(seen).filteredOn(r -> orderId.equals(r.key())).first()
                    .satisfies(r -> assertThat(r.value().getEventType()).isEqualTo(OrderEventType.ORDER_CREATED));
            awaitReady(paymentsClient);
        }
    }

    @AfterEach
    void brokerRuns() {
        if (!DevStack.shared().kafka().isRunning()) {
            DevStack.shared().kafka().start();
        }
        awaitReady(http);
    }

    private static void awaitReady(WebTestClient client) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                client.get().uri("/readyz").exchange().expectStatus().isOk());
    }
}
