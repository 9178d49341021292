package io.streamgate.orderdetails;

import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.schemas.orders.OrderItem;
import io.streamgate.schemas.orders.OrderState;
import io.streamgate.schemas.orders.OrderStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Order events as the orders system writes them (object mother). */
final class OrderEvents {

    static final Instant CREATED_AT = Instant.parse("2024-12-15T10:30:00Z");

    private OrderEvents() {
    }

    /** Seed 003's example order: one item of 150.50 USD. */
    static OrderEvent event(String orderId, long version, OrderStatus status) {
        return event(UUID.randomUUID(), orderId, version, status, new BigDecimal("150.50"), 1);
    }

    static OrderEvent event(UUID eventId, String orderId, long version, OrderStatus status, BigDecimal unitPrice,
                            int quantity) {
        BigDecimal total = unitPrice.multiply(BigDecimal.valueOf(quantity));
        OrderState state = OrderState.newBuilder()
                .setOrderId(orderId)
                .setCustomerId("CUST-ABC123")
                .setStatus(status)
                .setCurrency("USD")
                .setTotal(total)
                .setItems(List.of(OrderItem.newBuilder().setSku("SKU-1").setQuantity(quantity)
                        .setUnitPrice(unitPrice).build()))
                .setCreatedAt(CREATED_AT)
                .setUpdatedAt(CREATED_AT.plus(version, ChronoUnit.MINUTES))
                .build();
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setEventType(version == 1 ? OrderEventType.ORDER_CREATED : OrderEventType.ORDER_STATUS_CHANGED)
                .setOccurredAt(state.getUpdatedAt())
                .setOrderId(orderId)
                .setVersion(version)
                .setOrder(state)
                .setRequestId(null)
                .build();
    }

    static OrderEvent withEventId(OrderEvent event, UUID eventId) {
        return OrderEvent.newBuilder(event).setEventId(eventId).build();
    }

    static String uniqueOrderId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
