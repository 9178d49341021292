package io.streamgate.trips;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.ValueRules;
import io.streamgate.schemas.trips.TripRequested;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /trips/requested}: a rider asked for a trip. Becomes a {@link TripRequested}. */
@Schema(description = "A rider asked for a trip", example = """
        {"trip_id": "TRIP-1001", "rider_id": "RIDER-17", "pickup_latitude": 37.7749, "pickup_longitude": -122.4194,
         "dropoff_latitude": 37.8044, "dropoff_longitude": -122.2712, "requested_at": "2026-11-23T10:00:00Z"}""")
public record TripRequestedRequest(
        @Schema(description = "Trip id, the join key: " + ValueRules.IDENTIFIER_TEXT,
                requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("trip_id") String tripId,
        @Schema(description = "Rider id", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("rider_id") String riderId,
        @Schema(description = "Degrees, -90..90", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("pickup_latitude") Double pickupLatitude,
        @Schema(description = "Degrees, -180..180", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("pickup_longitude") Double pickupLongitude,
        @Schema(description = "Degrees, -90..90", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("dropoff_latitude") Double dropoffLatitude,
        @Schema(description = "Degrees, -180..180", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("dropoff_longitude") Double dropoffLongitude,
        @Schema(description = "ISO 8601 instant", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("requested_at") Instant requestedAt) implements TripPartRequest {

    @Override
    public List<FieldViolation> violations(String prefix) {
        List<FieldViolation> out = new ArrayList<>(0);
        TripRules.id(out, prefix + "trip_id", tripId);
        TripRules.id(out, prefix + "rider_id", riderId);
        TripRules.latitude(out, prefix + "pickup_latitude", pickupLatitude);
        TripRules.longitude(out, prefix + "pickup_longitude", pickupLongitude);
        TripRules.latitude(out, prefix + "dropoff_latitude", dropoffLatitude);
        TripRules.longitude(out, prefix + "dropoff_longitude", dropoffLongitude);
        TripRules.instant(out, prefix + "requested_at", requestedAt);
        return out;
    }

    /** The event; call only on a valid request. */
    TripRequested toEvent(String requestId) {
        return TripRequested.newBuilder()
                .setTripId(tripId).setRiderId(riderId)
                .setPickupLatitude(pickupLatitude).setPickupLongitude(pickupLongitude)
                .setDropoffLatitude(dropoffLatitude).setDropoffLongitude(dropoffLongitude)
                .setRequestedAt(TripRules.millis(requestedAt))
                .setRequestId(requestId)
                .build();
    }
}
