package io.streamgate.trips;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.json.OptionalField;
import io.streamgate.schemas.ValueRules;
import io.streamgate.schemas.trips.TripCompleted;
import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /trips/completed}: the rider was dropped off. Becomes a {@link TripCompleted}. Money is exact: fare and
 * tip are read as decimals, never through a double.
 */
@Schema(description = "The trip ended", example = """
        {"trip_id": "TRIP-1001", "distance_meters": 18250, "duration_seconds": 1560, "fare": 42.50, "tip": 5.00,
         "currency": "USD", "completed_at": "2026-11-23T10:27:00Z"}""")
public record TripCompletedRequest(
        @Schema(description = "Trip id, the join key", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("trip_id") String tripId,
        @Schema(description = "Whole metres, 0..10,000,000", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("distance_meters") Integer distanceMeters,
        @Schema(description = "Whole seconds, 0..604,800", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("duration_seconds") Integer durationSeconds,
        @Schema(description = "Major units, >= 0, " + ValueRules.MONEY_DECIMALS_TEXT,
                requiredMode = Schema.RequiredMode.REQUIRED) BigDecimal fare,
        @Schema(description = "Major units, >= 0, " + ValueRules.MONEY_DECIMALS_TEXT + "; optional: left out, never null",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED) @OptionalField BigDecimal tip,
        @Schema(description = ValueRules.CURRENCY_TEXT + " (of fare and tip)",
                requiredMode = Schema.RequiredMode.REQUIRED) String currency,
        @Schema(description = "ISO 8601 instant", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("completed_at") Instant completedAt) implements TripPartRequest {

    static final int MAX_DISTANCE_METERS = 10_000_000;
    static final int MAX_DURATION_SECONDS = 7 * 24 * 60 * 60;

    @Override
    public List<FieldViolation> violations(String prefix) {
        List<FieldViolation> out = new ArrayList<>(0);
        TripRules.id(out, prefix + "trip_id", tripId);
        TripRules.count(out, prefix + "distance_meters", distanceMeters, MAX_DISTANCE_METERS);
        TripRules.count(out, prefix + "duration_seconds", durationSeconds, MAX_DURATION_SECONDS);
        TripRules.money(out, prefix + "fare", fare, currency, true);
        TripRules.money(out, prefix + "tip", tip, currency, false);
        TripRules.currency(out, prefix + "currency", currency);
        TripRules.instant(out, prefix + "completed_at", completedAt);
        return out;
    }

    /** The event, fare and tip with exactly two decimals as the contract stores them; call only on a valid request. */
    TripCompleted toEvent(String requestId) {
        return TripCompleted.newBuilder()
                .setTripId(tripId).setDistanceMeters(distanceMeters).setDurationSeconds(durationSeconds)
                .setFare(TripRules.exact(fare)).setTip(TripRules.exact(tip)).setCurrency(currency)
                .setCompletedAt(TripRules.millis(completedAt))
                .setRequestId(requestId)
                .build();
    }
}
