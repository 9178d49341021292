package io.streamgate.trips;

import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripRequested;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/** Object mother for trips: the three parts of a trip, as events and as request bodies. */
final class TripFixtures {

    static final Instant REQUESTED_AT = Instant.parse("2026-11-23T10:00:00Z");

    private TripFixtures() {
    }

    static TripRequested requested(String tripId) {
        return TripRequested.newBuilder().setTripId(tripId).setRiderId("RIDER-" + tripId)
                .setPickupLatitude(37.7749).setPickupLongitude(-122.4194)
                .setDropoffLatitude(37.8044).setDropoffLongitude(-122.2712)
                .setRequestedAt(REQUESTED_AT).setRequestId("req-1").build();
    }

    static DriverAssigned assigned(String tripId) {
        return DriverAssigned.newBuilder().setTripId(tripId).setDriverId("DRIVER-5").setVehiclePlate("7ABC123")
                .setVehicleModel("Toyota Prius").setAssignedAt(REQUESTED_AT.plusSeconds(60)).setRequestId("req-2")
                .build();
    }

    static TripCompleted completed(String tripId) {
        return TripCompleted.newBuilder().setTripId(tripId).setDistanceMeters(18250).setDurationSeconds(1560)
                .setFare(new BigDecimal("42.50")).setTip(new BigDecimal("5.00")).setCurrency("USD")
                .setCompletedAt(REQUESTED_AT.plusSeconds(1620)).setRequestId("req-3").build();
    }

    static String requestedJson(String tripId) {
        return String.format(Locale.ROOT, """
                {"trip_id": "%s", "rider_id": "RIDER-%s", "pickup_latitude": 37.7749, "pickup_longitude": -122.4194,
                 "dropoff_latitude": 37.8044, "dropoff_longitude": -122.2712, "requested_at": "2026-11-23T10:00:00Z"}""",
                tripId, tripId);
    }

    static String assignedJson(String tripId) {
        return String.format(Locale.ROOT, """
                {"trip_id": "%s", "driver_id": "DRIVER-5", "vehicle_plate": "7ABC123", "vehicle_model": "Toyota Prius",
                 "assigned_at": "2026-11-23T10:01:00Z"}""", tripId);
    }

    static String completedJson(String tripId) {
        return String.format(Locale.ROOT, """
                {"trip_id": "%s", "distance_meters": 18250, "duration_seconds": 1560, "fare": 42.50, "tip": 5.00,
                 "currency": "USD", "completed_at": "2026-11-23T10:27:00Z"}""", tripId);
    }
}
