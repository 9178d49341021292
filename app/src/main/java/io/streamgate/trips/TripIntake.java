package io.streamgate.trips;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topics;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a valid trip request as its event to its own topic, keyed by trip id (so the three parts of a trip land
 * in the same partition number of the three co-partitioned topics, where one join task meets them), with the request
 * id as a header.
 */
class TripIntake {

    private final EventPublisher publisher;

    TripIntake(EventPublisher publisher) {
        this.publisher = publisher;
    }

    CompletableFuture<Delivery> publish(TripPartRequest request, String requestId) {
        Map<String, String> headers = Map.of(EventHeaders.REQUEST_ID, requestId);
        return switch (request) {
            case TripRequestedRequest r ->
                    publisher.publish(Topics.TRIP_REQUESTED, r.tripId(), r.toEvent(requestId), headers);
            case DriverAssignedRequest r ->
                    publisher.publish(Topics.DRIVER_ASSIGNED, r.tripId(), r.toEvent(requestId), headers);
            case TripCompletedRequest r ->
                    publisher.publish(Topics.TRIP_COMPLETED, r.tripId(), r.toEvent(requestId), headers);
        };
    }
}
