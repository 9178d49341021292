package io.streamgate.orderdetails;

import io.streamgate.platform.consumer.ConsumedEvent;
import io.streamgate.platform.consumer.EventRejectedException;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderItem;
import io.streamgate.schemas.orders.OrderState;
import io.streamgate.schemas.orders.OrderStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The projection's own rules: what makes an order event poison. */
class OrderDetailsProjectionRulesTest {

    private static final String ORDER = "ORDER-1";

    @Test
    void shouldAcceptAWellFormedEvent() {
        assertThatCode(() -> OrderDetailsProjection.check(consumed(ORDER, OrderEvents.event(ORDER, 1,
                OrderStatus.CREATED)))).doesNotThrowAnyException();
    }

    @Test
    void shouldAcceptAnEventWithoutKey() {
        assertThatCode(() -> OrderDetailsProjection.check(consumed(null, OrderEvents.event(ORDER, 1,
                OrderStatus.CREATED)))).doesNotThrowAnyException();
    }

    @Test
    void shouldRejectAKeyThatIsNotTheOrderId() {
        assertRejected(consumed("ORDER-2", OrderEvents.event(ORDER, 1, OrderStatus.CREATED)), "record key");
    }

    @Test
    void shouldRejectStateOfAnotherOrder() {
        assertRejected(withState(s -> s.setOrderId("ORDER-2")), "differs from order_id");
    }

    @Test
    void shouldRejectVersionZero() {
        OrderEvent event = OrderEvent.newBuilder(OrderEvents.event(ORDER, 1, OrderStatus.CREATED)).setVersion(0).build();
        assertRejected(consumed(ORDER, event), "version");
    }

    @Test
    void shouldRejectABadCurrency() {
        assertRejected(withState(s -> s.setCurrency("usd")), "currency");
    }

    @Test
    void shouldRejectATotalThatIsNotTheSumOfTheItems() {
        assertRejected(withState(s -> s.setTotal(new BigDecimal("150.51"))), "not the sum");
    }

    @Test
    void shouldRejectANonPositiveQuantity() {
        assertRejected(withState(s -> s.setItems(List.of(OrderItem.newBuilder().setSku("SKU").setQuantity(0)
                .setUnitPrice(new BigDecimal("1.00")).build())).setTotal(new BigDecimal("0.00"))), "quantity");
    }

    @Test
    void shouldRejectABlankCustomer() {
        assertRejected(withState(s -> s.setCustomerId(" ")), "customer_id");
    }

    @Test
    void shouldRejectAnOrderIdThatBreaksTheIdentifierRule() {
        OrderEvent event = OrderEvents.event("ORDER 1", 1, OrderStatus.CREATED);
        assertRejected(consumed(null, event), "order_id must be 1 to 64 characters");
    }

    @Test
    void shouldRejectACustomerOrSkuThatBreaksTheIdentifierRule() {
        assertRejected(withState(s -> s.setCustomerId("C".repeat(65))), "order.customer_id must be 1 to 64");
        assertRejected(withState(s -> s.setItems(List.of(OrderItem.newBuilder().setSku("SKU\u0000").setQuantity(1)
                .setUnitPrice(new BigDecimal("150.50")).build()))), "order.items[].sku must be 1 to 64");
    }

    @Test
    void shouldRejectACurrencyWithoutMinorUnit() {
        assertRejected(withState(s -> s.setCurrency("XAU")), "order.currency must be an ISO 4217 currency code");
    }

    @Test
    void shouldRejectMoneyTheContractDoesNotHold() {
        assertRejected(withState(s -> s.setCurrency("JPY")), "must have at most 0 decimal places in JPY");
        BigDecimal tooMuch = new BigDecimal("1000000000000.00");
        assertRejected(withState(s -> s.setItems(List.of(OrderItem.newBuilder().setSku("SKU-1").setQuantity(1)
                .setUnitPrice(tooMuch).build())).setTotal(tooMuch)), "must be at most 999999999999.99");
    }

    private static ConsumedEvent<OrderEvent> withState(UnaryOperator<OrderState.Builder> change) {
        OrderEvent event = OrderEvents.event(ORDER, 1, OrderStatus.CREATED);
        return consumed(ORDER, OrderEvent.newBuilder(event)
                .setOrder(change.apply(OrderState.newBuilder(event.getOrder())).build()).build());
    }

    private static ConsumedEvent<OrderEvent> consumed(String key, OrderEvent event) {
        return new ConsumedEvent<>(event.getEventId().toString(), key, event, "order-events", 0, 7, Instant.now());
    }

    private static void assertRejected(ConsumedEvent<OrderEvent> event, String reason) {
        assertThatThrownBy(() -> OrderDetailsProjection.check(event)).isInstanceOf(EventRejectedException.class)
                .hasMessageContaining(reason);
    }
}
