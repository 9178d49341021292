package io.streamgate.orders;

import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The request bodies of seed 003's cart routes, with its camelCase field names. */
final class CartRequests {

    private CartRequests() {
    }

    @Schema(description = "Seed 003: create an order with a client-chosen id; the server fills in the rest",
            example = "{\"orderId\": \"ORDER-123\", \"itemsCount\": 3}")
    record CreateOrder(
            @Schema(description = "The order's id: " + ValueRules.IDENTIFIER_TEXT, example = "ORDER-123",
                    requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
            @Schema(description = "1 to streamgate.orders.max-items", example = "3",
                    requiredMode = Schema.RequiredMode.REQUIRED) Integer itemsCount) {

        List<FieldViolation> violations(int maxItems) {
            List<FieldViolation> violations = new ArrayList<>(0);
            orderIdViolation(orderId).ifPresent(violations::add);
            if (itemsCount == null) {
                violations.add(new FieldViolation("itemsCount", "is required"));
            } else if (itemsCount < 1 || itemsCount > maxItems) {
                violations.add(new FieldViolation("itemsCount", "must be 1 to " + maxItems));
            }
            return violations;
        }
    }

    @Schema(description = "Seed 003: move an order to a status",
            example = "{\"orderId\": \"ORDER-123\", \"status\": \"confirmed\"}")
    record UpdateOrder(
            @Schema(description = "The order's id: " + ValueRules.IDENTIFIER_TEXT, example = "ORDER-123",
                    requiredMode = Schema.RequiredMode.REQUIRED) String orderId,
            @Schema(description = "new, confirmed, shipped or cancelled (seed 003), or CREATED, CONFIRMED, SHIPPED, "
                    + "CANCELLED; any case",
                    example = "confirmed", requiredMode = Schema.RequiredMode.REQUIRED) String status) {

        List<FieldViolation> violations() {
            List<FieldViolation> violations = new ArrayList<>(0);
            orderIdViolation(orderId).ifPresent(violations::add);
            if (status == null) {
                violations.add(new FieldViolation("status", "is required"));
            } else if (OrderStatus.parse(status).isEmpty()) {
                violations.add(new FieldViolation("status",
                        "must be one of new, confirmed, shipped, cancelled (or CREATED, CONFIRMED, SHIPPED, CANCELLED)"));
            }
            return violations;
        }
    }

    /** The order id is the events' key and the contracts' {@code order_id}: the contracts' identifier rule. */
    private static Optional<FieldViolation> orderIdViolation(String orderId) {
        return ValueRules.identifier(orderId).map(wrong -> new FieldViolation("orderId", wrong));
    }
}
