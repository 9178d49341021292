package io.streamgate.trips;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.json.OptionalField;
import io.streamgate.schemas.trips.DriverAssigned;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /trips/driver-assigned}: a driver took the trip. Becomes a {@link DriverAssigned}. */
@Schema(description = "A driver took the trip", example = """
        {"trip_id": "TRIP-1001", "driver_id": "DRIVER-5", "vehicle_plate": "7ABC123", "vehicle_model": "Toyota Prius",
         "assigned_at": "2026-11-23T10:01:00Z"}""")
public record DriverAssignedRequest(
        @Schema(description = "Trip id, the join key", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("trip_id") String tripId,
        @Schema(description = "Driver id", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("driver_id") String driverId,
        @Schema(description = "Licence plate, 1-16 printable characters", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("vehicle_plate") String vehiclePlate,
        @Schema(description = "Make and model, optional: left out, never null",
                requiredMode = Schema.RequiredMode.NOT_REQUIRED)
        @OptionalField @JsonProperty("vehicle_model") String vehicleModel,
        @Schema(description = "ISO 8601 instant", requiredMode = Schema.RequiredMode.REQUIRED)
        @JsonProperty("assigned_at") Instant assignedAt) implements TripPartRequest {

    @Override
    public List<FieldViolation> violations(String prefix) {
        List<FieldViolation> out = new ArrayList<>(0);
        TripRules.id(out, prefix + "trip_id", tripId);
        TripRules.id(out, prefix + "driver_id", driverId);
        TripRules.text(out, prefix + "vehicle_plate", vehiclePlate, 16, true);
        TripRules.text(out, prefix + "vehicle_model", vehicleModel, 64, false);
        TripRules.instant(out, prefix + "assigned_at", assignedAt);
        return out;
    }

    /** The event; call only on a valid request. */
    DriverAssigned toEvent(String requestId) {
        return DriverAssigned.newBuilder()
                .setTripId(tripId).setDriverId(driverId)
                .setVehiclePlate(vehiclePlate).setVehicleModel(vehicleModel)
                .setAssignedAt(TripRules.millis(assignedAt))
                .setRequestId(requestId)
                .build();
    }
}
