package io.streamgate.platform.health;

import java.util.Map;

/**
 * Fields a system adds to {@code GET /health}, for the documents that spell out their own health shape (e.g. seed
 * 004's {@code message}, {@code kafka_broker}, {@code kafka_topic}). Additive only: a field the platform or an earlier
 * contributor (bean order) already set is kept, so no system can change what another reports. Called off the event
 * loop, on every request to {@code /health}: keep it cheap.
 */
@FunctionalInterface
public interface ServiceHealthFields {

    /** @param healthy whether every dependency the platform checks is up (the status {@code /health} answers) */
    Map<String, Object> fields(boolean healthy);
}
