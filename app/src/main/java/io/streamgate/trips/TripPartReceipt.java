package io.streamgate.trips;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.kafka.Delivery;

/** The answer to an accepted trip part: it is durable in Kafka (acks=all), here. */
public record TripPartReceipt(
        @JsonProperty("trip_id") String tripId,
        String status,
        @JsonProperty("request_id") String requestId,
        String topic,
        int partition,
        long offset) {

    static TripPartReceipt of(String tripId, String requestId, Delivery delivery) {
        return new TripPartReceipt(tripId, "delivered", requestId, delivery.topic(), delivery.partition(),
                delivery.offset());
    }
}
