package io.streamgate.orders;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.support.Bodies;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import io.streamgate.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The life cycle on the real stack, with delays short enough for a test. */
@TestPropertySource(properties = {
        "streamgate.orders.life-cycle.confirm-after=1s",
        "streamgate.orders.life-cycle.ship-after=1s"})
class OrderLifeCycleTest extends EndToEndTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    OrderManagement management;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void shouldMoveEveryOrderToShippedWithOneEventPerTransitionInVersionOrder() {
        List<String> ids = new ArrayList<>();
        try (TopicProbe<OrderEvent> events = probe(Topics.ORDER_EVENTS)) {
            for (int i = 0; i < 20; i++) {
                ids.add((String) http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(OrdersEndToEndTest.VALID).exchange().expectStatus().isCreated()
                        .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody().get("order_id"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> countIn(ids, "SHIPPED") == ids.size());
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    events.drain().stream().filter(r -> ids.contains(r.key())).count() >= 3L * ids.size());

            List<ConsumerRecord<String, OrderEvent>> mine = events.drain().stream()
                    .filter(r -> ids.contains(r.key())).toList();
            assertThat(mine).hasSize(3 * ids.size());
            for (String id : ids) {
                List<OrderEvent> ofOrder = mine.stream().filter(r -> r.key().equals(id))
                        .map(ConsumerRecord::value).toList();
                assertThat(ofOrder).extracting(OrderEvent::getVersion).containsExactly(1L, 2L, 3L);
                assertThat(ofOrder).extracting(e -> e.getOrder().getStatus().name())
                        .containsExactly("CREATED", "CONFIRMED", "SHIPPED");
                assertThat(ofOrder).extracting(OrderEvent::getEventType).containsExactly(OrderEventType.ORDER_CREATED,
                        OrderEventType.ORDER_STATUS_CHANGED, OrderEventType.ORDER_STATUS_CHANGED);
                assertThat(ofOrder.get(1).getRequestId()).isNull();
                assertThat(ofOrder.stream().map(OrderEvent::getEventId).distinct()).hasSize(3);
            }
        }
        assertThat(JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM orders WHERE order_id IN (:ids) AND version = 3 AND next_transition_at IS NULL")
                .param("ids", ids).query(Long.class).single()).isEqualTo(ids.size());
    }

    @Test
    void shouldLetACancellationTakeEffectOnTheSchedule() {
        String id = (String) http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(OrdersEndToEndTest.VALID).exchange().expectStatus().isCreated()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody().get("order_id");
        http.delete().uri("/orders/{id}", id).exchange().expectStatus().isOk();
        String shipped = (String) http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(OrdersEndToEndTest.VALID).exchange().expectStatus().isCreated()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody().get("order_id");

        await().atMost(Duration.ofSeconds(60)).until(() -> countIn(List.of(shipped), "SHIPPED") == 1);
        Map<String, Object> cancelled = http.get().uri("/orders/{id}", id).exchange().expectStatus().isOk()
                .expectBody(Bodies.JSON_OBJECT).returnResult().getResponseBody();
        assertThat(cancelled).containsEntry("status", "CANCELLED").containsEntry("version", 2);
    }

    @Test
    void shouldResumeFromTheDueTimeInTheDatabase() {
        // An order whose due time passed while no replica ran (as after a restart): the next poll moves it on.
        String id = "RESUME-" + UUID.randomUUID();
        http.post().uri("/create-order").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"orderId\": \"" + id + "\", \"itemsCount\": 1}").exchange().expectStatus().isCreated();
        JdbcClient.create(dataSource).sql("UPDATE orders SET next_transition_at = now() + interval '1 hour' WHERE order_id = ?")
                .param(id).update();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> countIn(List.of(id), "CREATED") == 1);
        JdbcClient.create(dataSource).sql("UPDATE orders SET next_transition_at = now() - interval '1 hour' WHERE order_id = ?")
                .param(id).update();
        await().atMost(Duration.ofSeconds(60)).until(() -> countIn(List.of(id), "SHIPPED") == 1);
    }

    @Test
    void shouldWriteNoEventForAChangeThatRolledBack() {
        String id = "ROLLBACK-" + UUID.randomUUID();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        long appendsBefore = jdbc.sql("SELECT last_value FROM outbox_events_id_seq").query(Long.class).single();
        try (TopicProbe<OrderEvent> events = probe(Topics.ORDER_EVENTS)) {
            assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                management.place(id, SampleOrders.draft(2), "rollback-test");
                throw new IllegalStateException("the caller fails after the order and its event were written");
            })).isInstanceOf(IllegalStateException.class);

            // The append happened (the outbox's sequence moved), then rolled back with the order.
            assertThat(jdbc.sql("SELECT last_value FROM outbox_events_id_seq").query(Long.class).single())
                    .isGreaterThan(appendsBefore);
            assertThat(jdbc.sql("SELECT count(*) FROM orders WHERE order_id = ?").param(id).query(Long.class).single())
                    .isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM outbox_events WHERE event_key = ?").param(id)
                    .query(Long.class).single()).isZero();

            // A committed order placed afterwards is published; the rolled-back one never is.
            String committed = "COMMITTED-" + UUID.randomUUID();
            transactions.executeWithoutResult(status -> management.place(committed, SampleOrders.draft(1), null));
            events.awaitRecord(r -> r.key().equals(committed));
            assertThat(events.drain()).noneMatch(r -> r.key().equals(id));
        }
    }

    private long countIn(List<String> ids, String status) {
        return JdbcClient.create(dataSource).sql("SELECT count(*) FROM orders WHERE order_id IN (:ids) AND status = :status")
                .param("ids", ids).param("status", status).query(Long.class).single();
    }
}
