/**
 * {@code GET /health}: one line per dependency (Kafka, the schema registry, Postgres, the outbox, the consumers). The
 * blocking checks behind it (the registry's ping, Boot's database indicator) run as {@link
 * io.streamgate.platform.health.SharedCheck}s, via {@link io.streamgate.platform.health.SharedHealthIndicator}: one run
 * at a time on a thread of their own, so a client that goes away never interrupts them. The actuator indicators
 * ({@code kafka}, for the readiness group, and {@code schemaRegistry}) are in {@code health.internal}.
 */
package io.streamgate.platform.health;
