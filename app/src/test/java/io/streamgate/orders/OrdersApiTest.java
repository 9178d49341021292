package io.streamgate.orders;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.support.Bodies;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrdersApiTest extends OrdersEndToEndTest {

    @Test
    void shouldPlaceAnOrderWithAServerComputedTotalAndPublishItsCreation() {
        try (TopicProbe<OrderEvent> events = orderEvents()) {
            Map<String, Object> order = post("/orders", VALID)
                    .expectStatus().isCreated()
                    .expectHeader().valueMatches("Location", "/orders/[0-9a-f-]{36}")
                    .expectHeader().valueEquals("ETag", "\"1\"")
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();

            assertThat(order).containsEntry("status", "CREATED").containsEntry("version", 1)
                    .containsEntry("currency", "USD").containsEntry("customer_id", "CUST-1");
            assertThat(order.get("total").toString()).isEqualTo("27.97");
            String id = (String) order.get("order_id");
            assertThat(jdbc().sql("SELECT total FROM orders WHERE order_id = ?").param(id)
                    .query(java.math.BigDecimal.class).single()).isEqualByComparingTo("27.97");
            // One row holds the items, prices as exact two-decimal strings (V2__items_in_the_order_row.sql).
            assertThat(jdbc().sql("SELECT items = ?::jsonb FROM orders WHERE order_id = ?").param("""
                            [{"sku": "BOOK-1", "quantity": 2, "unit_price": "12.50"},
                             {"sku": "PEN-9", "quantity": 3, "unit_price": "0.99"}]""").param(id)
                    .query(Boolean.class).single()).isTrue();

            ConsumerRecord<String, OrderEvent> record = events.awaitRecord(r -> r.key().equals(id));
            assertThat(record.value().getEventType()).isEqualTo(OrderEventType.ORDER_CREATED);
            assertThat(record.value().getRequestId()).isNotBlank();
            assertEventMatches(record.value(), get(id));
        }
    }

    @Test
    void shouldAnswerOneOrderWithItsVersionAsETag() {
        String id = (String) placeOrder(VALID).get("order_id");
        http.get().uri("/orders/{id}", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody().jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].sku").isEqualTo("BOOK-1")
                .jsonPath("$.items[0].unit_price").isEqualTo(12.5);
        http.get().uri("/orders/{id}", "no-such-order").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void shouldListNewestFirstFilterByStatusAndPageWithACursor() {
        String customer = "LIST-" + UUID.randomUUID().toString().substring(0, 8);
        String first = (String) placeOrder(VALID.replace("CUST-1", customer)).get("order_id");
        String second = (String) placeOrder(VALID.replace("CUST-1", customer)).get("order_id");
        String third = (String) placeOrder(VALID.replace("CUST-1", customer)).get("order_id");
        http.delete().uri("/orders/{id}", second).exchange().expectStatus().isOk();

        Map<String, Object> page = http.get().uri("/orders?limit=2").exchange().expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        assertThat(ids(page)).containsExactly(third, second);
        String next = (String) page.get("next");
        Map<String, Object> following = http.get().uri(next).exchange().expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        assertThat(ids(following)).first().isEqualTo(first);

        Map<String, Object> cancelled = http.get().uri("/orders?status=CANCELLED&limit=100").exchange()
                .expectStatus().isOk().expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        assertThat(ids(cancelled)).contains(second).doesNotContain(first, third);
        Map<String, Object> created = http.get().uri("/orders?status=new&limit=100").exchange()
                .expectStatus().isOk().expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        assertThat(ids(created)).contains(first, third).doesNotContain(second);

        http.get().uri("/orders?status=LOST").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        http.get().uri("/orders?limit=0").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        http.get().uri("/orders?cursor=%%%").exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void shouldReviseItemsWithIfMatchAndRefuseAStaleVersion() {
        String id = (String) placeOrder(VALID).get("order_id");
        String revised = VALID.replace("\"quantity\": 2", "\"quantity\": 4");
        try (TopicProbe<OrderEvent> events = orderEvents()) {
            Map<String, Object> order = http.put().uri("/orders/{id}", id).contentType(MediaType.APPLICATION_JSON)
                    .header("If-Match", "\"1\"").bodyValue(revised).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("ETag", "\"2\"")
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
            assertThat(order.get("total").toString()).isEqualTo("52.97");
            assertThat(jdbc().sql("SELECT items -> 0 ->> 'quantity' FROM orders WHERE order_id = ?").param(id)
                    .query(String.class).single()).isEqualTo("4");

            long appends = outboxAppends();
            http.put().uri("/orders/{id}", id).contentType(MediaType.APPLICATION_JSON)
                    .header("If-Match", "\"1\"").bodyValue(VALID).exchange()
                    .expectStatus().isEqualTo(412)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.current_version").isEqualTo(2);
            assertThat(outboxAppends()).isEqualTo(appends);

            // The probe may still see the ORDER_CREATED event, relayed after it opened: wait for version 2.
            ConsumerRecord<String, OrderEvent> updated =
                    events.awaitRecord(r -> r.key().equals(id) && r.value().getVersion() == 2);
            assertThat(updated.value().getEventType()).isEqualTo(OrderEventType.ORDER_UPDATED);
            assertEventMatches(updated.value(), get(id));
            assertThat(get(id)).containsEntry("version", 2);
        }
    }

    @Test
    void shouldCancelOnDeleteKeepTheOrderAndRefuseToChangeItAfterwards() {
        String id = (String) placeOrder(VALID).get("order_id");
        try (TopicProbe<OrderEvent> events = orderEvents()) {
            http.delete().uri("/orders/{id}", id).header("If-Match", "\"1\"").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("ETag", "\"2\"")
                    .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
            ConsumerRecord<String, OrderEvent> cancelled =
                    events.awaitRecord(r -> r.key().equals(id) && r.value().getVersion() == 2);
            assertThat(cancelled.value().getEventType()).isEqualTo(OrderEventType.ORDER_CANCELLED);
            assertEventMatches(cancelled.value(), get(id));
        }
        assertThat(jdbc().sql("SELECT next_transition_at IS NULL FROM orders WHERE order_id = ?").param(id)
                .query(Boolean.class).single()).isTrue();

        long appends = outboxAppends();
        http.put().uri("/update-order").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\": \"" + id + "\", \"status\": \"new\"}").exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.rule").isEqualTo("final-status-never-changes");
        http.put().uri("/orders/{id}", id).contentType(MediaType.APPLICATION_JSON).bodyValue(VALID).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.rule").isEqualTo("items-fixed-once-confirmed");
        http.delete().uri("/orders/{id}", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"2\"");
        assertThat(outboxAppends()).isEqualTo(appends);
        assertThat(get(id)).containsEntry("version", 2);
    }

    @Test
    void shouldRefuseIllegalTransitionsNamingTheRule() {
        String id = (String) placeOrder(VALID).get("order_id");
        updateOrder(id, "SHIPPED").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.rule").isEqualTo("one-step-at-a-time");
        updateOrder(id, "confirmed").expectStatus().isOk()
                .expectBody().jsonPath("$.order.status").isEqualTo("confirmed");
        updateOrder(id, "new").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.rule").isEqualTo("status-never-moves-back");
        updateOrder(id, "shipped").expectStatus().isOk();
        updateOrder(id, "CREATED").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.rule").isEqualTo("final-status-never-changes")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("SHIPPED", "CREATED"));
        http.delete().uri("/orders/{id}", id).exchange().expectStatus().isEqualTo(409);
        assertThat(get(id)).containsEntry("status", "SHIPPED").containsEntry("version", 3);
    }

    @Test
    void shouldReplayAnIdempotentPostAndCreateOneOrderWithOneEvent() {
        String key = UUID.randomUUID().toString();
        try (TopicProbe<OrderEvent> events = orderEvents()) {
            String first = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", key).bodyValue(VALID).exchange()
                    .expectStatus().isCreated()
                    .expectBody(String.class).returnResult().getResponseBody();
            String retry = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", key).bodyValue(VALID.replace("12.50", "12.5")).exchange()
                    .expectStatus().isCreated()
                    .expectHeader().valueEquals("Idempotent-Replayed", "true")
                    .expectHeader().valueEquals("ETag", "\"1\"")
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(retry).isEqualTo(first);

            String id = first.replaceAll(".*\"order_id\":\"([^\"]+)\".*", "$1");
            assertThat(orderRows(id)).isEqualTo(1);
            events.awaitRecord(r -> r.key().equals(id));
            assertThat(events.drain().stream().filter(r -> r.key().equals(id))).hasSize(1);

            http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", key).bodyValue(VALID.replace("CUST-1", "CUST-2")).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        }
    }

    @Test
    void shouldCreateOneOrderWhenRetriesWithTheSameKeyRace() {
        String key = UUID.randomUUID().toString();
        String orderId = "RACE-" + UUID.randomUUID();
        String body = "{\"orderId\": \"" + orderId + "\", \"itemsCount\": 2}";
        List<java.util.concurrent.CompletableFuture<String>> retries = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> java.util.concurrent.CompletableFuture.supplyAsync(() -> http.post().uri("/create-order")
                        .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", key).bodyValue(body)
                        .exchange().expectStatus().isCreated()
                        .expectBody(String.class).returnResult().getResponseBody()))
                .toList();
        List<String> answers = retries.stream().map(java.util.concurrent.CompletableFuture::join).toList();

        // Each retry waited on the first transaction's key row, then replayed its answer (a second insert would be 409).
        assertThat(answers).containsOnly(answers.getFirst());
        assertThat(orderRows(orderId)).isEqualTo(1);
        assertThat(jdbc().sql("SELECT version FROM orders WHERE order_id = ?").param(orderId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void shouldCreateAndUpdateThroughTheCartRoutesOfSeed003() {
        String orderId = "ORDER-" + UUID.randomUUID();
        try (TopicProbe<OrderEvent> events = orderEvents()) {
            Map<String, Object> created = post("/create-order", "{\"orderId\": \"" + orderId + "\", \"itemsCount\": 3}")
                    .expectStatus().isCreated()
                    .expectHeader().valueEquals("Location", "/orders/" + orderId)
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
            assertThat(created).containsEntry("message", "Order created and published successfully.");
            @SuppressWarnings("unchecked")
            Map<String, Object> order = (Map<String, Object>) created.get("order");
            assertThat(order).containsEntry("orderId", orderId).containsEntry("currency", "USD")
                    .containsEntry("status", "new").containsKeys("customerId", "orderDate", "totalAmount");
            assertThat((List<?>) order.get("items")).hasSize(3);
            assertThat((String) order.get("customerId")).matches("CUST-[A-Z0-9]{6}");

            Map<String, Object> updated = http.put().uri("/update-order").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"orderId\": \"" + orderId + "\", \"status\": \"confirmed\"}").exchange()
                    .expectStatus().isOk()
                    .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
            assertThat(updated).containsEntry("message", "Order updated and published successfully.");
            assertThat((Map<String, Object>) updated.get("order")).containsEntry("status", "confirmed")
                    .containsEntry("version", 2);

            events.awaitRecord(r -> r.key().equals(orderId) && r.value().getVersion() == 2);
            List<OrderEvent> mine = events.drain().stream().filter(r -> r.key().equals(orderId))
                    .map(ConsumerRecord::value).toList();
            assertThat(mine).extracting(OrderEvent::getVersion).containsExactly(1L, 2L);
            assertThat(mine.get(1).getEventType()).isEqualTo(OrderEventType.ORDER_STATUS_CHANGED);
            assertEventMatches(mine.get(1), get(orderId));
            assertThat(mine.get(0).getOrder().getTotal())
                    .isEqualByComparingTo(new java.math.BigDecimal(order.get("totalAmount").toString()));
        }
    }

    @Test
    void shouldRefuseAnExistingOrderIdUnlessItIsAnIdempotentRetry() {
        String orderId = "ORDER-" + UUID.randomUUID();
        String body = "{\"orderId\": \"" + orderId + "\", \"itemsCount\": 2}";
        String key = UUID.randomUUID().toString();
        String first = http.post().uri("/create-order").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        String replay = http.post().uri("/create-order").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key).bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(replay).isEqualTo(first);

        long appends = outboxAppends();
        post("/create-order", body).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(orderRows(orderId)).isEqualTo(1);
        assertThat(outboxAppends()).isEqualTo(appends);
    }

    @Test
    void shouldAnswer404ForAnUnknownOrderOnEveryRoute() {
        updateOrder("ORDER-NOPE-" + UUID.randomUUID(), "confirmed").expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.put().uri("/orders/{id}", "nope").contentType(MediaType.APPLICATION_JSON).bodyValue(VALID).exchange()
                .expectStatus().isNotFound();
        http.delete().uri("/orders/{id}", "nope").exchange().expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec updateOrder(String orderId, String status) {
        return http.put().uri("/update-order").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\": \"" + orderId + "\", \"status\": \"" + status + "\"}").exchange();
    }

    private Map<String, Object> get(String id) {
        return http.get().uri("/orders/{id}", id).exchange().expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("orders")).stream().map(o -> (String) o.get("order_id")).toList();
    }
}
