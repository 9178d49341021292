package io.streamgate.orderdetails;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatus;
import io.streamgate.support.RegistryDouble;
import io.streamgate.support.SecondApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * A stuck consumer does not take the routes of its pod out: order details' routes read Postgres, so while its consumer
 * is stuck (here: a record whose writer schema it cannot fetch, the path to the registry answering bare 404s, retried
 * for ever) the instance stays ready and serves what it applied; {@code /health} shows the consumer down.
 */
class StuckConsumerReadinessTest extends OrderDetailsTest {

    @Test
    void shouldStayReadyAndServeTheReadModelWhileItsConsumerIsStuck() throws Exception {
        String group = "orderdetails-stuck-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = OrderEvents.uniqueOrderId("ORDER-STUCK");
        OrderEvent created = OrderEvents.event(orderId, 1, OrderStatus.CREATED);
        OrderEvent confirmed = OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED);

        try (RegistryDouble registryDouble = new RegistryDouble(registry.url());
             ConfigurableApplicationContext app = startConsumerAtTheEnd(group,
                     "--streamgate.schema-registry.url=" + registryDouble.url(),
                     "--streamgate.consumer.stuck-after=2s")) {
            WebTestClient client = SecondApplication.clientOf(app);
            publish(created);
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, created.getEventId()));

            registryDouble.answerEverySchemaLookup(RegistryDouble.Answer.bareNotFound());
            publishRaw(orderId, withUncachedSchemaId(encode(confirmed)));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/health").exchange()
                    .expectStatus().isEqualTo(503).expectBody().jsonPath("$.consumers").isEqualTo("down"));
            client.get().uri("/readyz").exchange().expectStatus().isOk();
            // (The read model is shared: the main test application's consumer, in a group of its own, may have
            // applied the second event already.)
            client.get().uri("/order-details?orderId=" + orderId).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.orderId").isEqualTo(orderId);

            registryDouble.forwardEverything();
            await().atMost(Duration.ofSeconds(60)).until(() -> applied(group, confirmed.getEventId()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> client.get().uri("/health").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.consumers").isEqualTo("up"));
        }
    }
}
