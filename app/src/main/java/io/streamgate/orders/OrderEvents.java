package io.streamgate.orders;

import io.streamgate.platform.ids.TimeOrderedIds;
import io.streamgate.platform.outbox.Outbox;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import io.streamgate.schemas.orders.OrderEventType;
import io.streamgate.schemas.orders.OrderItem;
import io.streamgate.schemas.orders.OrderState;


/**
 * Records each change as an {@code OrderEvent} in the outbox, in the caller's transaction: the event carries the
 * whole order after the change, so a consumer of {@code order-events} needs nothing else.
 */
class OrderEvents {

    private final Outbox outbox;

    OrderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    void record(OrderEventType type, Order order, String requestId) {
        OrderEvent event = OrderEvent.newBuilder()
                .setEventId(TimeOrderedIds.next())
                .setEventType(type)
                .setOccurredAt(order.updatedAt())
                .setOrderId(order.id())
                .setVersion(order.version())
                .setOrder(stateOf(order))
                .setRequestId(requestId == null || requestId.isEmpty() ? null : requestId)
                .build();
        outbox.append(Topics.ORDER_EVENTS, order.id(), event.getEventId(), event, event.getRequestId());
    }

    static OrderState stateOf(Order order) {
        return OrderState.newBuilder()
                .setOrderId(order.id())
                .setCustomerId(order.customerId())
                .setStatus(io.streamgate.schemas.orders.OrderStatus.valueOf(order.status().name()))
                .setCurrency(order.currency())
                .setTotal(order.total())
                .setItems(order.items().stream()
                        .map(item -> new OrderItem(item.sku(), item.quantity(), item.unitPrice().setScale(2)))
                        .toList())
                .setCreatedAt(order.createdAt())
                .setUpdatedAt(order.updatedAt())
                .build();
    }
}
