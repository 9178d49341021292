/**
 * The outbox's implementation: the Postgres-backed {@code Outbox}, the relay, shard leases, metrics and health.
 * Features use {@link io.streamgate.platform.outbox.Outbox} only. Design and guarantees: {@code docs/outbox.md}.
 */
package io.streamgate.platform.outbox.internal;
