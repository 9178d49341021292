package io.streamgate.schemas;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The value rules the contracts imply, written once for every system that fills or reads them: identifiers (ids and
 * skus, often a record's key), currencies, and money as the contracts' {@code decimal(14,2)} holds it. Each check
 * returns what is wrong with a value, as a message a client can act on, or empty when it is valid; a system names the
 * field and wraps the message in its own error type (this module depends on nothing of ours). A missing value (null)
 * is {@code "is required"}, since every contract field these rules cover is required.
 * <p>
 * The identifier check is written by hand, not as a regular expression: it runs on every payment (the benchmarked hot
 * path), and a {@link java.util.regex.Matcher} costs several times more. {@link #IDENTIFIER_PATTERN} states the same
 * rule, and a test holds the two equal.
 */
public final class ValueRules {

    /** The identifier rule as a regular expression: for documentation and tests; the check does not use it. */
    public static final String IDENTIFIER_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}";
    /** The identifier rule in words, for API descriptions. */
    public static final String IDENTIFIER_TEXT =
            "1-64 of letters, digits, '-', '_', '.', ':', starting with a letter or digit";
    public static final int MAX_IDENTIFIER_LENGTH = 64;
    /** The currency rule in words, for API descriptions. */
    public static final String CURRENCY_TEXT =
            "ISO 4217 alphabetic currency code, upper case, of a currency with a minor unit (not XAU)";
    /** The decimals money may have, in words, for API descriptions. */
    public static final String MONEY_DECIMALS_TEXT = "at most 2 decimals (fewer where the currency has fewer)";
    /** What the contracts' {@code decimal(14,2)} holds at most: 12 digits before the point, 2 after. */
    public static final BigDecimal MAX_MONEY = new BigDecimal("999999999999.99");
    /** The contracts' scale for money; a currency with fewer minor digits allows fewer (see {@link #moneyDecimals}). */
    public static final int MONEY_SCALE = 2;

    private static final Optional<String> REQUIRED = Optional.of("is required");
    private static final Optional<String> NOT_AN_IDENTIFIER = Optional.of("must be 1 to 64 characters of letters, "
            + "digits, '-', '_', '.', ':' starting with a letter or digit");
    private static final Optional<String> NOT_A_CURRENCY =
            Optional.of("must be an ISO 4217 currency code in upper case, e.g. USD");
    private static final Optional<String> NOT_POSITIVE = Optional.of("must be greater than 0");
    private static final Optional<String> NEGATIVE = Optional.of("must be 0 or more");
    private static final Optional<String> TOO_MUCH = Optional.of("must be at most " + MAX_MONEY.toPlainString());

    /**
     * The ISO 4217 codes the JDK knows that have a minor unit, each with the decimals money in it may have: the minor
     * unit, at most the contracts' scale. Codes without one (gold {@code XAU}, {@code XXX}, ...) are not currencies
     * an amount can be written in, so they are left out.
     */
    private static final Map<String, Integer> CURRENCY_DECIMALS = Currency.getAvailableCurrencies().stream()
            .filter(currency -> currency.getDefaultFractionDigits() >= 0)
            .collect(Collectors.toUnmodifiableMap(Currency::getCurrencyCode,
                    currency -> Math.min(MONEY_SCALE, currency.getDefaultFractionDigits())));

    private ValueRules() {
    }

    /** An id or sku: {@value #IDENTIFIER_PATTERN}. */
    public static Optional<String> identifier(String value) {
        if (value == null) {
            return REQUIRED;
        }
        return isIdentifier(value) ? Optional.empty() : NOT_AN_IDENTIFIER;
    }

    /** Whether a value follows {@value #IDENTIFIER_PATTERN}; false for null. */
    public static boolean isIdentifier(String value) {
        if (value == null) {
            return false;
        }
        int length = value.length();
        if (length == 0 || length > MAX_IDENTIFIER_LENGTH || !isAsciiLetterOrDigit(value.charAt(0))) {
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

    /** An ISO 4217 alphabetic code, in upper case, of a currency that has a minor unit (so not {@code XAU}). */
    public static Optional<String> currency(String code) {
        if (code == null) {
            return REQUIRED;
        }
        return isCurrency(code) ? Optional.empty() : NOT_A_CURRENCY;
    }

    /** Whether {@link #currency} accepts the code; false for null. */
    public static boolean isCurrency(String code) {
        return code != null && CURRENCY_DECIMALS.containsKey(code);
    }

    /**
     * How many decimals money in this currency may have: its minor unit, at most {@value #MONEY_SCALE} (JPY 0, USD 2,
     * and 2 for the three-decimal BHD, as the contracts hold two); {@value #MONEY_SCALE} when the code is not a
     * currency, so that an amount is still judged on its own.
     */
    public static int moneyDecimals(String currency) {
        Integer decimals = currency == null ? null : CURRENCY_DECIMALS.get(currency);
        return decimals == null ? MONEY_SCALE : decimals;
    }

    /** An amount greater than 0 in the given currency, which the contracts can hold: see {@link #nonNegativeMoney}. */
    public static Optional<String> positiveMoney(BigDecimal amount, String currency) {
        if (amount == null) {
            return REQUIRED;
        }
        return amount.signum() <= 0 ? NOT_POSITIVE : held(amount, currency);
    }

    /**
     * An amount of 0 or more in the given currency, which the contracts can hold: at most {@link #MAX_MONEY}, with no
     * more decimals than {@link #moneyDecimals} allows (trailing zeros do not count: {@code 10.500} USD is fine, JPY
     * {@code 1.50} is not). The message names the currency when the code is one.
     */
    public static Optional<String> nonNegativeMoney(BigDecimal amount, String currency) {
        if (amount == null) {
            return REQUIRED;
        }
        return amount.signum() < 0 ? NEGATIVE : held(amount, currency);
    }

    private static Optional<String> held(BigDecimal amount, String currency) {
        if (amount.compareTo(MAX_MONEY) > 0) {
            return TOO_MUCH;
        }
        Integer known = currency == null ? null : CURRENCY_DECIMALS.get(currency);
        int allowed = known == null ? MONEY_SCALE : known;
        // The scale as written is enough when it is small (99.99); only a longer one needs its trailing zeros stripped.
        if (amount.scale() > allowed && amount.stripTrailingZeros().scale() > allowed) {
            return Optional.of("must have at most " + allowed + " decimal place" + (allowed == 1 ? "" : "s")
                    + (known == null ? "" : " in " + currency));
        }
        return Optional.empty();
    }

    /** A valid amount as the contracts store it: exactly {@value #MONEY_SCALE} decimals ({@code 42} → {@code 42.00}). */
    public static BigDecimal exactMoney(BigDecimal validAmount) {
        return validAmount.setScale(MONEY_SCALE);
    }
}
