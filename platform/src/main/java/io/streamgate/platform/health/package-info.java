/**
 * {@code GET /health} (one line per dependency: Kafka, the schema registry, Postgres, the outbox, the consumers, then
 * the fields systems add through {@link io.streamgate.platform.health.ServiceHealthFields}), and the primitive every
 * blocking health check runs on: {@link io.streamgate.platform.health.SharedHealthIndicator}, one run at a time on a
 * thread of its own, so a client that goes away never interrupts a check. Each package contributes its own indicators
 * ({@code kafka}, {@code schemaRegistry}, {@code outbox}, {@code consumers}, {@code streams}); this one knows none of
 * them, only their names. Readiness ({@code /readyz}) holds what the running systems' routes need, which each declares
 * as a {@link io.streamgate.platform.health.ReadyWhen}.
 */
package io.streamgate.platform.health;
