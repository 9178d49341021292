package io.streamgate.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What the routes answer: {@code /orders} in snake_case like the rest of the API, seed 003's routes in its camelCase. */
final class OrderViews {

    private OrderViews() {
    }

    /** An order on {@code /orders}. */
    record OrderView(@JsonProperty("order_id") String orderId,
                     @JsonProperty("customer_id") String customerId,
                     OrderStatus status,
                     String currency,
                     BigDecimal total,
                     List<ItemView> items,
                     @JsonProperty("created_at") Instant createdAt,
                     @JsonProperty("updated_at") Instant updatedAt,
                     long version,
                     @JsonProperty("next_transition_at") Instant nextTransitionAt) {

        static OrderView of(Order order) {
            return new OrderView(order.id(), order.customerId(), order.status(), order.currency(), order.total(),
                    order.items().stream().map(item -> new ItemView(item.sku(), item.quantity(), item.unitPrice()))
                            .toList(),
                    order.createdAt(), order.updatedAt(), order.version(), order.nextTransitionAt());
        }
    }

    record ItemView(String sku, int quantity, @JsonProperty("unit_price") BigDecimal unitPrice) {
    }

    /** One page of {@code GET /orders}, newest first; {@code next} is the link to the following page, if any. */
    record OrderPage(List<OrderView> orders, String next) {
    }

    /** Seed 003's answer: a message and the order. */
    record CartAnswer(String message, CartOrder order) {
    }

    /** An order in seed 003's shape and vocabulary (the one its order-details service shows). */
    record CartOrder(String orderId, String customerId, Instant orderDate, List<CartItem> items,
                     BigDecimal totalAmount, String currency,
                     @Schema(allowableValues = {"new", "confirmed", "shipped", "cancelled"}) String status,
                     long version) {

        static CartOrder of(Order order) {
            return new CartOrder(order.id(), order.customerId(), order.createdAt(),
                    order.items().stream().map(item -> new CartItem(item.sku(), item.quantity(), item.unitPrice()))
                            .toList(),
                    order.total(), order.currency(), order.status().seedName(), order.version());
        }
    }

    record CartItem(String sku, int quantity, BigDecimal unitPrice) {
    }
}
