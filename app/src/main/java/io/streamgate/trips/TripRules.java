package io.streamgate.trips;

import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The value rules the three trip requests share; each adds a violation naming the field it concerns. Ids, money and
 * currency are the contracts' rules ({@link ValueRules}), as payments and orders apply them.
 */
final class TripRules {

    /** Timestamps are client-supplied; one far in the future is a clock or unit bug (seconds sent as millis). */
    private static final long MAX_FUTURE_MILLIS = 24L * 60 * 60 * 1000;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private TripRules() {
    }

    static void id(List<FieldViolation> out, String field, String value) {
        ValueRules.identifier(value).ifPresent(wrong -> out.add(new FieldViolation(field, wrong)));
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

    /** Money of 0 or more in the given currency: no more decimals than the currency has (JPY none). */
    static void money(List<FieldViolation> out, String field, BigDecimal value, String currency, boolean required) {
        if (value != null || required) {
            ValueRules.nonNegativeMoney(value, currency).ifPresent(wrong -> out.add(new FieldViolation(field, wrong)));
        }
    }

    /** An ISO 4217 code of a currency with a minor unit (so not XAU), in upper case. */
    static void currency(List<FieldViolation> out, String field, String value) {
        ValueRules.currency(value).ifPresent(wrong -> out.add(new FieldViolation(field, wrong)));
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

    /** Optional money as the contracts store it: exactly two decimals; null stays null. */
    static BigDecimal exact(BigDecimal money) {
        return money == null ? null : ValueRules.exactMoney(money);
    }
}
