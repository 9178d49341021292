package io.streamgate.trips;

import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripRequested;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes a valid trip request as its event to its own topic, keyed by trip id (so the three parts of a trip land
 * in the same partition number of the three co-partitioned topics, where one join task meets them).
 */
class TripIntake {

    private final EventIntake<String, TripRequested> requested;
    private final EventIntake<String, DriverAssigned> driverAssigned;
    private final EventIntake<String, TripCompleted> completed;

    TripIntake(EventPublisher publisher) {
        this.requested = new EventIntake<>(publisher, Topics.TRIP_REQUESTED, TripRequested::getTripId);
        this.driverAssigned = new EventIntake<>(publisher, Topics.DRIVER_ASSIGNED, DriverAssigned::getTripId);
        this.completed = new EventIntake<>(publisher, Topics.TRIP_COMPLETED, TripCompleted::getTripId);
    }

    CompletableFuture<Delivery> publish(TripPartRequest request, String requestId) {
        return switch (request) {
            case TripRequestedRequest r -> requested.publish(r.toEvent(requestId), requestId);
            case DriverAssignedRequest r -> driverAssigned.publish(r.toEvent(requestId), requestId);
            case TripCompletedRequest r -> completed.publish(r.toEvent(requestId), requestId);
        };
    }
}
