package io.streamgate.orderdetails;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.edge.AdditionalPort;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Order events in, seed 003's routes out: the read model shows each order as its latest event says, with the shipping
 * cost; redelivered and out-of-date events change nothing; the order ids of the topic are listed from the index.
 */
class OrderDetailsApiTest extends OrderDetailsTest {

    @Autowired
    AdditionalPort orderDetailsPort;

    @Test
    void shouldShowTheOrderAsItsLatestEventSaysWithTheShippingCost() throws Exception {
        String orderId = OrderEvents.uniqueOrderId("ORDER");
        publish(OrderEvents.event(orderId, 1, OrderStatus.CREATED));
        awaitOrder(http, orderId, "new");
        publish(OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED));

        String body = new String(awaitOrder(http, orderId, "confirmed").returnResult().getResponseBody());

        assertThat(body).isEqualTo("{\"orderId\":\"" + orderId + "\",\"customerId\":\"CUST-ABC123\","
                + "\"orderDate\":\"2024-12-15T10:30:00Z\","
                + "\"items\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":150.50}],"
                + "\"totalAmount\":150.50,\"currency\":\"USD\",\"status\":\"confirmed\",\"shippingCost\":3.01}");
    }

    @Test
    void shouldIgnoreRedeliveredAndOutOfDateEvents() throws Exception {
        String orderId = OrderEvents.uniqueOrderId("ORDER-DUP");
        publish(OrderEvents.event(orderId, 1, OrderStatus.CREATED));
        OrderEvent confirmed = OrderEvents.event(orderId, 2, OrderStatus.CONFIRMED);
        Delivery original = publish(confirmed);
        awaitOrder(http, orderId, "confirmed");

        // The same event id again (an outbox re-publish), even claiming a newer version: applied once only.
        OrderEvent redelivered = OrderEvents.event(confirmed.getEventId(), orderId, 5, OrderStatus.CANCELLED,
                new BigDecimal("1.00"), 1);
        publish(redelivered);
        // A new event older than the state already applied.
        OrderEvent outOfDate = OrderEvents.event(UUID.randomUUID(), orderId, 1, OrderStatus.CANCELLED,
                new BigDecimal("2.00"), 1);
        publish(outOfDate);

        // Both come after the redelivery in the order's partition: once this one is recorded, both were seen.
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(GROUP, outOfDate.getEventId()));
        assertThat(appliedOffset(GROUP, confirmed.getEventId())).isEqualTo(original.offset());
        http.get().uri("/order-details?orderId={id}", orderId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("confirmed")
                .jsonPath("$.totalAmount").isEqualTo(150.50)
                .jsonPath("$.shippingCost").isEqualTo(3.01);
        Long version = jdbc().queryForObject("SELECT version FROM order_details WHERE order_id = ?", Long.class, orderId);
        assertThat(version).isEqualTo(2);
    }

    @Test
    void shouldListTheOrderIdsOfTheTopicPageByPageFromTheIndex() throws Exception {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String orderId = OrderEvents.uniqueOrderId("ORDER-LIST");
            mine.add(orderId);
            publish(OrderEvents.event(orderId, 1, OrderStatus.CREATED));
            // Read before the next is sent: ids on different partitions may be indexed in one batch, in either order.
            awaitOrder(http, orderId, "new");
        }
        // A second event of an order adds no second id.
        publish(OrderEvents.event(mine.getFirst(), 2, OrderStatus.CONFIRMED));
        awaitOrder(http, mine.getFirst(), "confirmed");
        for (String orderId : mine) {
            awaitOrder(http, orderId, orderId.equals(mine.getFirst()) ? "confirmed" : "new");
        }
        // Listed once no older transaction is open (a read model write of another test may still be).
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc().queryForObject("""
                SELECT count(*) FROM order_details_topic_index
                 WHERE topic = 'order-events' AND order_id = ANY (?) AND tx < pg_snapshot_xmin(pg_current_snapshot())""",
                Long.class, (Object) mine.toArray(String[]::new)) == mine.size());
        List<String> expected = jdbc().queryForList("""
                SELECT order_id FROM order_details_topic_index
                 WHERE topic = 'order-events' AND tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx, seq""",
                String.class);

        List<String> listed = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> page = http.get().uri(after == null
                            ? "/getAllOrderIdsFromTopic?topic=order-events&limit=2"
                            : "/getAllOrderIdsFromTopic?topic=order-events&limit=2&after=" + after)
                    .exchange().expectStatus().isOk()
                    .expectBody(io.streamgate.support.Bodies.JSON_OBJECT).returnResult().getResponseBody();
            assertThat(page).containsEntry("topic", "order-events");
            assertThat(((Number) page.get("count")).longValue()).isEqualTo(expected.size());
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) page.get("orderIds");
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            listed.addAll(ids);
            after = (String) page.get("next");
        } while (after != null);

        assertThat(listed).isEqualTo(expected).containsAll(mine).doesNotHaveDuplicates();
        assertThat(listed.indexOf(mine.get(0))).isLessThan(listed.indexOf(mine.get(1)));
        assertThat(listed.indexOf(mine.get(1))).isLessThan(listed.indexOf(mine.get(2)));
        // Without limit: seed 003's shape, every id on one page while there are at most 1000.
        http.get().uri("/getAllOrderIdsFromTopic?topic=order-events").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.count").isEqualTo(expected.size())
                .jsonPath("$.orderIds.length()").isEqualTo(Math.min(expected.size(), 1000));
    }

    @Test
    void shouldAnswerBadQueriesWithProblemsNamingTheParameter() {
        http.get().uri("/order-details").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("orderId");
        http.get().uri("/order-details?orderId=NO-SUCH-ORDER-" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/getAllOrderIdsFromTopic").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("topic");
        http.get().uri("/getAllOrderIdsFromTopic?topic=payments").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("topic")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("[order-events]"))
                .jsonPath("$.allowed_topics[0]").isEqualTo("order-events");
        http.get().uri("/getAllOrderIdsFromTopic?topic=order-events&limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        http.get().uri("/getAllOrderIdsFromTopic?topic=order-events&limit=ten").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        http.get().uri("/getAllOrderIdsFromTopic?topic=order-events&after=NO-SUCH-ORDER").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("after");
    }

    @Test
    void shouldRefuseOrderIdsThatBreakTheIdentifierRuleBeforeTheDatabase() {
        String rule = "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' starting with a letter or digit";
        // A NUL character used to reach Postgres, which refused it as data: the answer named no parameter.
        for (String orderId : List.of("ORDER\u00001", "ORDER 1", "-ORDER", "O".repeat(65))) {
            http.get().uri("/order-details?orderId={id}", orderId).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("orderId")
                    .jsonPath("$.errors[0].message").isEqualTo(rule);
            http.get().uri("/getAllOrderIdsFromTopic?topic=order-events&after={id}", orderId).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("after")
                    .jsonPath("$.errors[0].message").isEqualTo(rule);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerTheSeedsCurlsOnTheOrderDetailsPortToo() throws Exception {
        String orderId = OrderEvents.uniqueOrderId("ORDER-8001");
        publish(OrderEvents.event(orderId, 1, OrderStatus.CREATED));
        assertThat(orderDetailsPort.port()).isPositive();
        WebTestClient port8001 = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + orderDetailsPort.port()).responseTimeout(Duration.ofSeconds(10)).build();

        awaitOrder(port8001, orderId, "new").jsonPath("$.shippingCost").isEqualTo(3.01);
        // Listed once no older transaction is open (a read model write of another test may still be).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> port8001.get()
                .uri("/getAllOrderIdsFromTopic?topic=order-events").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.topic").isEqualTo("order-events")
                .jsonPath("$.orderIds").value(ids -> assertThat((List<Object>) ids).contains(orderId)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> port8001.get().uri("/health").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("healthy")
                .jsonPath("$.kafka").isEqualTo("connected")
                .jsonPath("$.consumers").isEqualTo("up")
                .jsonPath("$.details.consumers['" + GROUP + "'].topic").isEqualTo("order-events"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldDescribeBothRoutesAndTheRoundingRuleInOpenApi() {
        http.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/order-details'].get.description")
                .value(description -> assertThat((String) description).contains("half-up to cents"))
                .jsonPath("$.paths['/getAllOrderIdsFromTopic'].get.parameters[*].name")
                .value(names -> assertThat((List<Object>) names).contains("topic", "limit", "after"));
    }

    @Test
    void shouldExportConsumerMetrics() throws Exception {
        String orderId = OrderEvents.uniqueOrderId("ORDER-METRICS");
        publish(OrderEvents.event(orderId, 1, OrderStatus.CREATED));
        awaitOrder(http, orderId, "new");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http.get().uri("/actuator/prometheus")
                .exchange().expectBody(String.class).returnResult().getResponseBody())
                .containsPattern("streamgate_consumer_consumed_total\\{group=\"" + GROUP.replace(".", "\\.")
                        + "\",outcome=\"applied\",topic=\"order-events\"} ")
                .containsPattern("streamgate_consumer_lag_records\\{group=\"" + GROUP.replace(".", "\\.")
                        + "\",partition=\"\\d\",topic=\"order-events\"} "));
    }
}
