package io.streamgate.trips;

import io.streamgate.platform.problems.FieldViolation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The money and currency rules of a completed trip are the contracts' rules, as payments and orders apply them. */
class TripCompletedRequestTest {

    @Test
    void shouldAcceptTheDocumentedExample() {
        assertThat(completed("42.50", "5.00", "USD").violations("")).isEmpty();
    }

    @Test
    void shouldRefuseACurrencyWithoutMinorUnit() {
        assertThat(completed("42.50", null, "XAU").violations(""))
                .containsExactly(new FieldViolation("currency", "must be an ISO 4217 currency code in upper case, e.g. USD"));
    }

    @Test
    void shouldRefuseDecimalsTheCurrencyDoesNotHave() {
        assertThat(completed("1.50", "0.5", "JPY").violations("")).containsExactly(
                new FieldViolation("fare", "must have at most 0 decimal places in JPY"),
                new FieldViolation("tip", "must have at most 0 decimal places in JPY"));
        assertThat(completed("150", "1.00", "JPY").violations("")).isEmpty();
    }

    @Test
    void shouldKeepFareAndTipAtOrAboveZeroAndWithinTheContract() {
        assertThat(completed("0", "0.00", "USD").violations("")).isEmpty();
        assertThat(completed("-0.01", "1000000000000", "USD").violations("")).containsExactly(
                new FieldViolation("fare", "must be 0 or more"),
                new FieldViolation("tip", "must be at most 999999999999.99"));
    }

    private static TripCompletedRequest completed(String fare, String tip, String currency) {
        return new TripCompletedRequest("TRIP-1", 18250, 1560, new BigDecimal(fare),
                tip == null ? null : new BigDecimal(tip), currency, Instant.parse("2026-11-23T10:27:00Z"));
    }
}
