package io.streamgate.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /orders} and {@code PUT /orders/{id}}: only what the client decides. Id, total, status,
 * version and times are the server's; a body that names one is a 422 (mass assignment), as is any unknown field.
 */
@Schema(description = "An order as a client places or revises it", example = """
        {"customer_id": "CUST-1234", "currency": "USD",
         "items": [{"sku": "BOOK-42", "quantity": 2, "unit_price": 12.50}]}""")
public record OrderRequest(
        @Schema(description = "Customer id: " + ValueRules.IDENTIFIER_TEXT, example = "CUST-1234",
                requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("customer_id") String customerId,
        @Schema(description = ValueRules.CURRENCY_TEXT, example = "USD",
                requiredMode = Schema.RequiredMode.REQUIRED) String currency,
        @Schema(description = "1 to streamgate.orders.max-items line items",
                requiredMode = Schema.RequiredMode.REQUIRED) List<Item> items) {

    /** Fields a client may not set: the server owns them. */
    static final Set<String> READ_ONLY = Set.of("order_id", "id", "total", "status", "version", "created_at",
            "updated_at", "next_transition_at");
    static final int MAX_QUANTITY = 10_000;

    /** One line item as the client sends it. */
    @Schema(name = "OrderItem")
    public record Item(
            @Schema(description = "Stock-keeping unit: " + ValueRules.IDENTIFIER_TEXT,
                    example = "BOOK-42") String sku,
            @Schema(description = "1 to 10000", example = "2") Integer quantity,
            @Schema(description = "Price of one, > 0, " + ValueRules.MONEY_DECIMALS_TEXT,
                    example = "12.50") @JsonProperty("unit_price") BigDecimal unitPrice) {
    }

    /**
     * Every rule this order breaks, each naming its field; empty when it is valid. Ids, currency and prices follow the
     * contracts' rules ({@link ValueRules}), and the total must fit the contract as each price does.
     */
    List<FieldViolation> violations(int maxItems) {
        List<FieldViolation> violations = new ArrayList<>(0);
        ValueRules.identifier(customerId).ifPresent(wrong -> violations.add(new FieldViolation("customer_id", wrong)));
        ValueRules.currency(currency).ifPresent(wrong -> violations.add(new FieldViolation("currency", wrong)));
        if (items == null) {
            violations.add(new FieldViolation("items", "is required"));
            return violations;
        }
        if (items.isEmpty() || items.size() > maxItems) {
            violations.add(new FieldViolation("items", "must hold 1 to " + maxItems + " line items"));
            return violations;
        }
        BigDecimal total = BigDecimal.ZERO;
        boolean totalKnown = true;
        for (int i = 0; i < items.size(); i++) {
            String field = "items[" + i + "]";
            Item item = items.get(i);
            if (item == null) {
                violations.add(new FieldViolation(field, "must be an object"));
                totalKnown = false;
                continue;
            }
            ValueRules.identifier(item.sku())
                    .ifPresent(wrong -> violations.add(new FieldViolation(field + ".sku", wrong)));
            boolean quantityValid = item.quantity() != null && item.quantity() >= 1 && item.quantity() <= MAX_QUANTITY;
            if (item.quantity() == null) {
                violations.add(new FieldViolation(field + ".quantity", "is required"));
            } else if (!quantityValid) {
                violations.add(new FieldViolation(field + ".quantity", "must be 1 to " + MAX_QUANTITY));
            }
            Optional<String> price = ValueRules.positiveMoney(item.unitPrice(), currency);
            price.ifPresent(wrong -> violations.add(new FieldViolation(field + ".unit_price", wrong)));
            if (quantityValid && price.isEmpty()) {
                total = total.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
            } else {
                totalKnown = false;
            }
        }
        if (totalKnown && total.compareTo(ValueRules.MAX_MONEY) > 0) {
            violations.add(new FieldViolation("items",
                    "the order's total must be at most " + ValueRules.MAX_MONEY.toPlainString()));
        }
        return violations;
    }

    /** The domain draft; call only on a valid request. */
    OrderDraft toDraft() {
        return new OrderDraft(customerId, currency, items.stream()
                .map(item -> new LineItem(item.sku(), item.quantity(), ValueRules.exactMoney(item.unitPrice())))
                .toList());
    }

    /** Equal for requests that mean the same order, whatever their JSON spelling: for idempotency keys. */
    String fingerprint() {
        StringBuilder out = new StringBuilder(customerId).append('|').append(currency);
        for (LineItem item : toDraft().items()) {
            out.append('|').append(item.sku()).append('x').append(item.quantity()).append('@')
                    .append(item.unitPrice().toPlainString());
        }
        return out.toString();
    }
}
