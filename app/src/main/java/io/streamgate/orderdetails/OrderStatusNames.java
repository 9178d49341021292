package io.streamgate.orderdetails;

import io.streamgate.schemas.orders.OrderStatus;

/**
 * Seed 003's status vocabulary: lower case, and a just-created order is {@code new}. CREATED → {@code new},
 * CONFIRMED → {@code confirmed}, SHIPPED → {@code shipped}, CANCELLED → {@code cancelled}.
 */
final class OrderStatusNames {

    private OrderStatusNames() {
    }

    static String of(OrderStatus status) {
        return switch (status) {
            case CREATED -> "new";
            case CONFIRMED -> "confirmed";
            case SHIPPED -> "shipped";
            case CANCELLED -> "cancelled";
        };
    }
}
