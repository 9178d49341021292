package io.streamgate.schemas.orders;

/**
 * Seed 003's status vocabulary, which its routes ({@code /create-order}, {@code /update-order}, {@code /order-details})
 * speak: lower case, and a just-created order is {@code new}. CREATED → {@code new}, CONFIRMED → {@code confirmed},
 * SHIPPED → {@code shipped}, CANCELLED → {@code cancelled}. Events and Streamgate's own {@code /orders} routes use the
 * enum's names.
 */
public final class OrderStatusNames {

    private OrderStatusNames() {
    }

    public static String of(OrderStatus status) {
        return switch (status) {
            case CREATED -> "new";
            case CONFIRMED -> "confirmed";
            case SHIPPED -> "shipped";
            case CANCELLED -> "cancelled";
        };
    }
}
