package io.streamgate.orders;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /orders} and {@code PUT /orders/{id}}: only what the client decides. Id, total, status,
 * version and times are the server's; a body that names one is a 422 (mass assignment), as is any unknown field.
 */
@Schema(description = "An order as a client places or revises it", example = """
        {"customer_id": "CUST-1234", "currency": "USD",
         "items": [{"sku": "BOOK-42", "quantity": 2, "unit_price": 12.50}]}""")
public record OrderRequest(
        @Schema(description = "Customer id: 1-64 of letters, digits, '-', '_', '.', ':'", example = "CUST-1234",
                requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("customer_id") String customerId,
        @Schema(description = "ISO 4217 alphabetic currency code", example = "USD",
                requiredMode = Schema.RequiredMode.REQUIRED) String currency,
        @Schema(description = "1 to streamgate.orders.max-items line items",
                requiredMode = Schema.RequiredMode.REQUIRED) List<Item> items) {

    /** Fields a client may not set: the server owns them. */
    static final Set<String> READ_ONLY = Set.of("order_id", "id", "total", "status", "version", "created_at",
            "updated_at", "next_transition_at");
    /** The Avro contract holds 14 digits with scale 2, for every price and the total. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
    static final int MAX_QUANTITY = 10_000;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .filter(currency -> currency.getDefaultFractionDigits() >= 0)
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    /** One line item as the client sends it. */
    @Schema(name = "OrderItem")
    public record Item(
            @Schema(description = "Stock-keeping unit: 1-64 of letters, digits, '-', '_', '.', ':'",
                    example = "BOOK-42") String sku,
            @Schema(description = "1 to 10000", example = "2") Integer quantity,
            @Schema(description = "Price of one, > 0, at most 2 decimals (fewer where the currency has fewer)",
                    example = "12.50") @JsonProperty("unit_price") BigDecimal unitPrice) {
    }

    /** Every rule this order breaks, each naming its field; empty when it is valid. */
    List<FieldViolation> violations(int maxItems) {
        List<FieldViolation> violations = new ArrayList<>(0);
        if (customerId == null) {
            violations.add(new FieldViolation("customer_id", "is required"));
        } else if (!IDENTIFIER.matcher(customerId).matches()) {
            violations.add(new FieldViolation("customer_id",
                    "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' starting with a letter or digit"));
        }
        int decimals = 2;
        if (currency == null) {
            violations.add(new FieldViolation("currency", "is required"));
        } else if (!CURRENCY_CODE.matcher(currency).matches() || !CURRENCIES.contains(currency)) {
            violations.add(new FieldViolation("currency", "must be an ISO 4217 currency code in upper case, e.g. USD"));
        } else {
            decimals = Math.min(2, Currency.getInstance(currency).getDefaultFractionDigits());
        }
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
            if (item.sku() == null) {
                violations.add(new FieldViolation(field + ".sku", "is required"));
            } else if (!IDENTIFIER.matcher(item.sku()).matches()) {
                violations.add(new FieldViolation(field + ".sku",
                        "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' starting with a letter or digit"));
            }
            boolean quantityValid = item.quantity() != null && item.quantity() >= 1 && item.quantity() <= MAX_QUANTITY;
            if (item.quantity() == null) {
                violations.add(new FieldViolation(field + ".quantity", "is required"));
            } else if (!quantityValid) {
                violations.add(new FieldViolation(field + ".quantity", "must be 1 to " + MAX_QUANTITY));
            }
            boolean priceValid = false;
            if (item.unitPrice() == null) {
                violations.add(new FieldViolation(field + ".unit_price", "is required"));
            } else if (item.unitPrice().signum() <= 0) {
                violations.add(new FieldViolation(field + ".unit_price", "must be greater than 0"));
            } else if (item.unitPrice().compareTo(MAX_AMOUNT) > 0) {
                violations.add(new FieldViolation(field + ".unit_price", "must be at most " + MAX_AMOUNT.toPlainString()));
            } else if (Math.max(0, item.unitPrice().stripTrailingZeros().scale()) > decimals) {
                violations.add(new FieldViolation(field + ".unit_price", "must have at most " + decimals
                        + " decimal place" + (decimals == 1 ? "" : "s") + (currency != null ? " in " + currency : "")));
            } else {
                priceValid = true;
            }
            if (quantityValid && priceValid) {
                total = total.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
            } else {
                totalKnown = false;
            }
        }
        if (totalKnown && total.compareTo(MAX_AMOUNT) > 0) {
            violations.add(new FieldViolation("items", "the order's total must be at most " + MAX_AMOUNT.toPlainString()));
        }
        return violations;
    }

    /** The domain draft; call only on a valid request. */
    OrderDraft toDraft() {
        return new OrderDraft(customerId, currency, items.stream()
                .map(item -> new LineItem(item.sku(), item.quantity(), item.unitPrice().setScale(2)))
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
