package io.streamgate.payments;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A payment as a client submits it. Money is exact: the amount is read as a decimal, never through a double.
 */
@Schema(description = "A payment to publish", example = """
        {"amount": 99.99, "currency": "USD", "customer_id": "CUST-1234"}""")
public record PaymentRequest(
        @Schema(description = "Amount in major units, > 0, at most 2 decimals (fewer where the currency has fewer)",
                example = "99.99", requiredMode = Schema.RequiredMode.REQUIRED) BigDecimal amount,
        @Schema(description = "ISO 4217 alphabetic currency code", example = "USD",
                requiredMode = Schema.RequiredMode.REQUIRED) String currency,
        @Schema(description = "Customer id: 1-64 of letters, digits, '-', '_', '.', ':', starting with a letter or digit",
                example = "CUST-1234", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("customer_id") String customerId) {

    /** The Avro contract holds 14 digits with scale 2. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
    private static final int MAX_DECIMALS = 2;
    private static final int MAX_CUSTOMER_ID = 64;
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .filter(currency -> currency.getDefaultFractionDigits() >= 0)
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    /** Every rule this payment breaks, each with the field it concerns; empty when it is valid. */
    public List<FieldViolation> violations(String fieldPrefix) {
        List<FieldViolation> violations = new ArrayList<>(0);
        boolean knownCurrency = false;
        if (currency == null) {
            violations.add(new FieldViolation(fieldPrefix + "currency", "is required"));
        } else if (!CURRENCIES.contains(currency)) {
            violations.add(new FieldViolation(fieldPrefix + "currency",
                    "must be an ISO 4217 currency code in upper case, e.g. USD"));
        } else {
            knownCurrency = true;
        }
        if (amount == null) {
            violations.add(new FieldViolation(fieldPrefix + "amount", "is required"));
        } else if (amount.signum() <= 0) {
            violations.add(new FieldViolation(fieldPrefix + "amount", "must be greater than 0"));
        } else if (amount.compareTo(MAX_AMOUNT) > 0) {
            violations.add(new FieldViolation(fieldPrefix + "amount", "must be at most " + MAX_AMOUNT.toPlainString()));
        } else {
            int decimals = Math.max(0, amount.stripTrailingZeros().scale());
            int allowed = knownCurrency
                    ? Math.min(MAX_DECIMALS, Currency.getInstance(currency).getDefaultFractionDigits())
                    : MAX_DECIMALS;
            if (decimals > allowed) {
                violations.add(new FieldViolation(fieldPrefix + "amount", "must have at most " + allowed
                        + " decimal place" + (allowed == 1 ? "" : "s") + (knownCurrency ? " in " + currency : "")));
            }
        }
        if (customerId == null) {
            violations.add(new FieldViolation(fieldPrefix + "customer_id", "is required"));
        } else if (!isCustomerId(customerId)) {
            violations.add(new FieldViolation(fieldPrefix + "customer_id",
                    "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' starting with a letter or digit"));
        }
        return violations;
    }

    /**
     * 1 to 64 of letters, digits, '-', '_', '.', ':', starting with a letter or digit ({@code [A-Za-z0-9][A-Za-z0-9_.:-]*}),
     * checked by hand: this runs on every payment, and a regular expression's matcher costs several times more.
     */
    static boolean isCustomerId(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_CUSTOMER_ID || !isAsciiLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The amount with exactly two decimals, as the contract stores it; call only on a valid request. */
    BigDecimal exactAmount() {
        return amount.setScale(MAX_DECIMALS);
    }

    /** Equal for requests that mean the same payment, whatever their JSON spelling: for idempotency keys. */
    String fingerprint() {
        return exactAmount().toPlainString() + '|' + currency + '|' + customerId;
    }
}
