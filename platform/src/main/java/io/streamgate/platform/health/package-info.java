/**
 * {@code GET /health}: one line per dependency (Kafka, the schema registry, Postgres). The actuator indicators behind
 * it ({@code kafka}, for the readiness group, and the cached {@code schemaRegistry}) are in {@code health.internal};
 * the database indicator is Boot's own.
 */
package io.streamgate.platform.health;
