/**
 * Actuator health indicators of the platform's dependencies: {@code kafka} (from
 * {@link io.streamgate.platform.kafka.KafkaAvailability}; put it in the readiness group) and {@code schemaRegistry}
 * (cached {@code GET /subjects}). The database indicator is Boot's own.
 */
package io.streamgate.platform.health;
