package io.streamgate.orders;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the orders end-to-end tests: the life cycle's first step is an hour away, so an order stays where a test
 * puts it; what landed in Postgres (orders with their items, the outbox) can be read directly.
 */
@TestPropertySource(properties = "streamgate.orders.life-cycle.confirm-after=1h")
abstract class OrdersEndToEndTest extends EndToEndTest {

    static final String VALID = """
            {"customer_id": "CUST-1", "currency": "USD",
             "items": [{"sku": "BOOK-1", "quantity": 2, "unit_price": 12.50},
                       {"sku": "PEN-9", "quantity": 3, "unit_price": 0.99}]}""";

    @Autowired
    DataSource dataSource;

    /** The machine the tests share is loaded: give a request the time a slow transaction may take under load. */
    @BeforeEach
    void allowSlowResponses() {
        http = http.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build();
    }

    JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    TopicProbe<OrderEvent> orderEvents() {
        return probe(Topics.ORDER_EVENTS);
    }

    WebTestClient.ResponseSpec post(String uri, String body) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    Map<String, Object> placeOrder(String body) {
        return post("/orders", body).expectStatus().isCreated()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
    }

    long orderRows(String orderId) {
        return jdbc().sql("SELECT count(*) FROM orders WHERE order_id = ?").param(orderId).query(Long.class).single();
    }

    long orderRows() {
        return jdbc().sql("SELECT count(*) FROM orders").query(Long.class).single();
    }

    /** The outbox's sequence: it moves on every append, even one that rolled back, and never moves back. */
    long outboxAppends() {
        return jdbc().sql("SELECT last_value FROM outbox_events_id_seq").query(Long.class).single();
    }

    /**
     * Waits until the outbox has published every event of this order (the relay deletes a row once Kafka acked it;
     * a row held back for a retry or parked is in outbox_held).
     */
    void awaitPublished(String orderId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc()
                .sql("SELECT (SELECT count(*) FROM outbox_events WHERE event_key = :key) "
                        + "+ (SELECT count(*) FROM outbox_held WHERE event_key = :key)").param("key", orderId)
                .query(Long.class).single() == 0);
    }

    /** Asserts that a decoded event carries exactly the order the API answers now. */
    static void assertEventMatches(OrderEvent event, Map<String, Object> order) {
        assertThat(event.getOrderId()).isEqualTo(order.get("order_id"));
        assertThat(event.getVersion()).isEqualTo(((Number) order.get("version")).longValue());
        assertThat(event.getOrder().getOrderId()).isEqualTo(order.get("order_id"));
        assertThat(event.getOrder().getCustomerId()).isEqualTo(order.get("customer_id"));
        assertThat(event.getOrder().getStatus().name()).isEqualTo(order.get("status"));
        assertThat(event.getOrder().getCurrency()).isEqualTo(order.get("currency"));
        assertThat(event.getOrder().getTotal()).isEqualByComparingTo(new BigDecimal(order.get("total").toString()));
        assertThat(event.getOrder().getCreatedAt().toString()).isEqualTo(order.get("created_at"));
        assertThat(event.getOrder().getUpdatedAt().toString()).isEqualTo(order.get("updated_at"));
        assertThat(event.getOccurredAt()).isEqualTo(event.getOrder().getUpdatedAt());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) order.get("items");
        assertThat(event.getOrder().getItems()).hasSize(items.size());
        for (int i = 0; i < items.size(); i++) {
            assertThat(event.getOrder().getItems().get(i).getSku()).isEqualTo(items.get(i).get("sku"));
            assertThat(event.getOrder().getItems().get(i).getQuantity()).isEqualTo(items.get(i).get("quantity"));
            assertThat(event.getOrder().getItems().get(i).getUnitPrice())
                    .isEqualByComparingTo(new BigDecimal(items.get(i).get("unit_price").toString()));
        }
    }
}
