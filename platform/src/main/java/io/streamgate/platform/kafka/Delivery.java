package io.streamgate.platform.kafka;

import java.time.Instant;

/** Where an acknowledged record was written. */
public record Delivery(String topic, int partition, long offset, Instant timestamp) {
}
