package io.streamgate.orders;

import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.support.ApplicationProcess;
import io.streamgate.support.EndToEndTest;
import io.streamgate.support.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The life cycle with three replicas as separate processes on one database and broker: one is killed with
 * {@code kill -9} and one paused ({@code SIGSTOP}, then {@code SIGCONT}) while a few hundred orders move on. Every
 * order reaches SHIPPED; each transition happens exactly once in the table and once in {@code order-events} (a
 * redelivery after the crash carries the same event id), in version order.
 *
 * <p>This test's own application runs neither the life cycle nor a relay, so the three replicas do the work (other
 * test contexts cached in the same JVM may still run theirs, which only adds replicas).
 */
@TestPropertySource(properties = {
        "streamgate.orders.life-cycle.enabled=false",
        "streamgate.outbox.relay-enabled=false"})
class OrdersReplicasTest extends EndToEndTest {

    private static final int ORDERS = 300;
    private static final String[] REPLICA_ARGS = {
            "--streamgate.orders.life-cycle.confirm-after=2s",
            "--streamgate.orders.life-cycle.ship-after=2s",
            "--streamgate.outbox.lease-duration=3s",
            "--streamgate.http.rate-limit.enabled=false"};

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcConnectionDetails database;

    @Test
    void shouldShipEveryOrderWithEachTransitionOnceAcrossACrashAndAPause() {
        ApplicationProcess.Stack stack = ApplicationProcess.Stack.of(kafka, registry, database);
        List<String> ids = new ArrayList<>();
        try (TopicProbe<OrderEvent> events = probe(Topics.ORDER_EVENTS);
             ApplicationProcess a = ApplicationProcess.start("orders-replica-a", stack, REPLICA_ARGS);
             ApplicationProcess b = ApplicationProcess.start("orders-replica-b", stack, REPLICA_ARGS);
             ApplicationProcess c = ApplicationProcess.start("orders-replica-c", stack, REPLICA_ARGS)) {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<ApplicationProcess> alive = new ArrayList<>(List.of(a, b, c));
            for (int i = 0; i < ORDERS; i++) {
                if (i == ORDERS / 3) {
                    a.kill();
                    alive.remove(a);
                }
                if (i == 2 * ORDERS / 3) {
                    b.pause();
                    alive.remove(b);
                }
                String orderId = "REPLICA-" + run + "-" + i;
                alive.get(i % alive.size()).client().post().uri("/create-order")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"orderId\": \"" + orderId + "\", \"itemsCount\": " + (1 + i % 4) + "}")
                        .exchange().expectStatus().isCreated();
                ids.add(orderId);
            }
            // b froze with its outbox leases (and perhaps row locks) held; the orders placed after that must still
            // ship and be published, by c alone, once b's leases expire.
            List<String> afterPause = ids.subList(2 * ORDERS / 3, ORDERS);
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    distinctEvents(events, afterPause) == 3L * afterPause.size());
            assertThat(b.isAlive()).isTrue();
            b.resume();

            await().atMost(Duration.ofSeconds(180)).until(() -> shipped(run) == ORDERS);
            assertThat(JdbcClient.create(dataSource).sql("""
                            SELECT count(*) FROM orders
                             WHERE order_id LIKE :prefix AND status = 'SHIPPED' AND version = 3
                               AND next_transition_at IS NULL""")
                    .param("prefix", "REPLICA-" + run + "-%").query(Long.class).single()).isEqualTo(ORDERS);

            await().atMost(Duration.ofSeconds(120)).until(() -> distinctEvents(events, ids) == 3L * ORDERS);
            Map<String, List<ConsumerRecord<String, OrderEvent>>> byOrder = events.drain().stream()
                    .filter(r -> r.key().startsWith("REPLICA-" + run + "-"))
                    .collect(Collectors.groupingBy(ConsumerRecord::key, LinkedHashMap::new, Collectors.toList()));
            assertThat(byOrder.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            for (Map.Entry<String, List<ConsumerRecord<String, OrderEvent>>> order : byOrder.entrySet()) {
                List<OrderEvent> firstSeen = new ArrayList<>(order.getValue().stream().map(ConsumerRecord::value)
                        .collect(Collectors.toMap(OrderEvent::getEventId, e -> e, (first, again) -> {
                            assertThat(again.getVersion()).as("a redelivered event is the same event")
                                    .isEqualTo(first.getVersion());
                            return first;
                        }, LinkedHashMap::new)).values());
                assertThat(firstSeen).as(order.getKey()).extracting(OrderEvent::getVersion)
                        .containsExactly(1L, 2L, 3L);
                assertThat(firstSeen).extracting(e -> e.getOrder().getStatus().name())
                        .containsExactly("CREATED", "CONFIRMED", "SHIPPED");
            }
            assertThat(a.isAlive()).isFalse();
            assertThat(b.isAlive()).as(b.logTail()).isTrue();
            assertThat(c.isAlive()).as(c.logTail()).isTrue();
        }
    }

    private long shipped(String run) {
        return JdbcClient.create(dataSource)
                .sql("SELECT count(*) FROM orders WHERE order_id LIKE :prefix AND status = 'SHIPPED'")
                .param("prefix", "REPLICA-" + run + "-%").query(Long.class).single();
    }

    private static long distinctEvents(TopicProbe<OrderEvent> events, List<String> orderIds) {
        java.util.Set<String> wanted = java.util.Set.copyOf(orderIds);
        return events.drain().stream().filter(r -> wanted.contains(r.key()))
                .map(r -> r.value().getEventId()).distinct().count();
    }
}
