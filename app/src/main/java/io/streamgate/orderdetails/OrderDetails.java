package io.streamgate.orderdetails;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order as {@code GET /order-details} shows it, in seed 003's shape.
 *
 * @param orderDate  when the order was created, ISO-8601 UTC
 * @param status     seed vocabulary: new, confirmed, shipped, cancelled
 */
@Schema(description = "The order as its latest event describes it, with the shipping cost")
public record OrderDetails(
        String orderId,
        String customerId,
        String orderDate,
        List<Item> items,
        BigDecimal totalAmount,
        String currency,
        @Schema(allowableValues = {"new", "confirmed", "shipped", "cancelled"}) String status,
        @Schema(description = "2 % of totalAmount, exact, rounded half-up to cents (150.50 → 3.01)")
        BigDecimal shippingCost) {

    /** One line of the order. */
    @Schema(name = "OrderDetailsItem")
    public record Item(String sku, int quantity, BigDecimal unitPrice) {
    }
}
