package io.streamgate.trips;

import io.streamgate.platform.problems.FieldViolation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value rules the three trip requests share; each adds a violation naming the field it concerns. */
final class TripRules {

    /** The Avro contracts hold money as decimal(14,2). */
    static final BigDecimal MAX_MONEY = new BigDecimal("999999999999.99");
    static final int MONEY_SCALE = 2;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());
    /** Timestamps are client-supplied; one far in the future is a clock or unit bug (seconds sent as millis). */
    private static final long MAX_FUTURE_MILLIS = 24L * 60 * 60 * 1000;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private TripRules() {
    }

    static void id(List<FieldViolation> out, String field, String value) {
        if (value == null) {
            out.add(new FieldViolation(field, "is required"));
        } else if (!ID.matcher(value).matches()) {
            out.add(new FieldViolation(field,
                    "must be 1 to 64 characters of letters, digits, '-', '_', '.', ':' starting with a letter or digit"));
        }
    }

    static void latitude(List<FieldViolation> out, String field, Double value) {
        range(out, field, value, -90, 90);
    }

    static void longitude(List<FieldViolation> out, String field, Double value) {
        range(out, field, value, -180, 180);
    }

    private static void range(List<FieldViolation> out, String field, Double value, double min, double max) {
        if (value == null) {
            out.add(new FieldViolation(field, "is required"));
        } else if (!(value >= min && value <= max)) {
            out.add(new FieldViolation(field, "must be between " + (int) min + " and " + (int) max + " degrees"));
        }
    }

    static void count(List<FieldViolation> out, String field, Integer value, int max) {
        if (value == null) {
            out.add(new FieldViolation(field, "is required"));
        } else if (value < 0 || value > max) {
            out.add(new FieldViolation(field, "must be between 0 and " + max));
        }
    }

    static void instant(List<FieldViolation> out, String field, Instant value) {
        if (value == null) {
            out.add(new FieldViolation(field, "is required"));
        } else if (value.isBefore(EARLIEST) || value.toEpochMilli() > System.currentTimeMillis() + MAX_FUTURE_MILLIS) {
            out.add(new FieldViolation(field, "must be an ISO 8601 instant after 2000 and at most one day ahead"));
        }
    }

    static void money(List<FieldViolation> out, String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                out.add(new FieldViolation(field, "is required"));
            }
        } else if (value.signum() < 0) {
            out.add(new FieldViolation(field, "must be 0 or more"));
        } else if (value.compareTo(MAX_MONEY) > 0) {
            out.add(new FieldViolation(field, "must be at most " + MAX_MONEY.toPlainString()));
        } else if (value.stripTrailingZeros().scale() > MONEY_SCALE) {
            out.add(new FieldViolation(field, "must have at most 2 decimal places"));
        }
    }

    static void currency(List<FieldViolation> out, String field, String value) {
        if (value == null) {
            out.add(new FieldViolation(field, "is required"));
        } else if (!CURRENCY_CODE.matcher(value).matches() || !CURRENCIES.contains(value)) {
            out.add(new FieldViolation(field, "must be an ISO 4217 currency code in upper case, e.g. USD"));
        }
    }

    static void text(List<FieldViolation> out, String field, String value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                out.add(new FieldViolation(field, "is required"));
            }
        } else if (value.isBlank() || value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            out.add(new FieldViolation(field, "must be 1 to " + maxLength + " printable characters, not blank"));
        }
    }

    /** Avro's timestamp-millis holds milliseconds: truncate, so what is published is what a reader gets back. */
    static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static BigDecimal exact(BigDecimal money) {
        return money == null ? null : money.setScale(MONEY_SCALE);
    }
}
