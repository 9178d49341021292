package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A payment as a client submits it. Money is exact: the amount is read as a decimal, never through a double.
 */
@Schema(description = "A payment to publish", example = """
        {"amount": 99.99, "currency": "USD", "customer_id": "CUST-1234"}""")
public record PaymentRequest(
        @Schema(description = "Amount in major units, > 0, " + ValueRules.MONEY_DECIMALS_TEXT,
                example = "99.99", requiredMode = Schema.RequiredMode.REQUIRED) BigDecimal amount,
        @Schema(description = ValueRules.CURRENCY_TEXT, example = "USD",
                requiredMode = Schema.RequiredMode.REQUIRED) String currency,
        @Schema(description = "Customer id: " + ValueRules.IDENTIFIER_TEXT,
                example = "CUST-1234", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("customer_id") String customerId) {

    /**
     * Every rule this payment breaks, each with the field it concerns; empty when it is valid. The rules are the
     * contracts' ({@link ValueRules}); this runs on every payment, so a valid one allocates nothing here but the list.
     */
    public List<FieldViolation> violations(String fieldPrefix) {
        List<FieldViolation> violations = new ArrayList<>(0);
        Optional<String> wrong = ValueRules.currency(currency);
        if (wrong.isPresent()) {
            violations.add(new FieldViolation(fieldPrefix + "currency", wrong.get()));
        }
        wrong = ValueRules.positiveMoney(amount, currency);
        if (wrong.isPresent()) {
            violations.add(new FieldViolation(fieldPrefix + "amount", wrong.get()));
        }
        wrong = ValueRules.identifier(customerId);
        if (wrong.isPresent()) {
            violations.add(new FieldViolation(fieldPrefix + "customer_id", wrong.get()));
        }
        return violations;
    }

    /** The amount with exactly two decimals, as the contract stores it; call only on a valid request. */
    BigDecimal exactAmount() {
        return ValueRules.exactMoney(amount);
    }

    /** Equal for requests that mean the same payment, whatever their JSON spelling: for idempotency keys. */
    String fingerprint() {
        return exactAmount().toPlainString() + '|' + currency + '|' + customerId;
    }
}
