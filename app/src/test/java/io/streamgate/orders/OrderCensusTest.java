package io.streamgate.orders;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code streamgate.orders.in.life.cycle} and {@code streamgate.orders.final}: the orders in each status, counted in
 * the table when a gauge is read, and
 * not again within the interval. Orders placed here stay CREATED (the life cycle's first step is an hour away);
 * other tests' orders may move meanwhile, so CREATED is checked against what this test adds only where nothing else
 * can change it: a cancelled order stays cancelled.
 */
class OrderCensusTest extends OrdersEndToEndTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldCountTheOrdersInEachStatusOfTheWholeTableWhenRead() {
        OrderCensus census = new OrderCensus(dataSource, new SimpleMeterRegistry(), Duration.ZERO, Duration.ZERO);
        double cancelledBefore = census.count(OrderStatus.CANCELLED);

        String cancelled = (String) placeOrder(VALID).get("order_id");
        placeOrder(VALID);
        http.delete().uri("/orders/{id}", cancelled).exchange().expectStatus().isOk();

        assertThat(census.count(OrderStatus.CANCELLED)).isEqualTo(cancelledBefore + 1);
        assertThat(census.count(OrderStatus.CREATED)).isGreaterThanOrEqualTo(1);
        // Other tests' orders may ship meanwhile, never unship.
        double shippedBefore = shipped();
        double shipped = census.count(OrderStatus.SHIPPED);
        assertThat(shipped).isBetween(shippedBefore, shipped());
    }

    private double shipped() {
        return jdbc().sql("SELECT count(*) FROM orders WHERE status = 'SHIPPED'").query(Double.class).single();
    }

    @Test
    void shouldNotCountAgainWithinTheInterval() {
        OrderCensus census = new OrderCensus(dataSource, new SimpleMeterRegistry(), Duration.ofHours(1),
                Duration.ofHours(1));
        double cancelled = census.count(OrderStatus.CANCELLED);

        String order = (String) placeOrder(VALID).get("order_id");
        http.delete().uri("/orders/{id}", order).exchange().expectStatus().isOk();

        assertThat(census.count(OrderStatus.CANCELLED)).as("the count of an hour ago, not a new query")
                .isEqualTo(cancelled);
    }

    @Test
    void shouldRegisterAGaugePerStatusOnTheApplicationsRegistry() {
        for (OrderStatus status : OrderStatus.values()) {
            String name = status.isFinal() ? "streamgate.orders.final" : "streamgate.orders.in.life.cycle";
            assertThat(meters.get(name).tag("status", status.name()).gauge().value())
                    .as(status.name()).isNotNaN().isGreaterThanOrEqualTo(0);
        }
    }
}
