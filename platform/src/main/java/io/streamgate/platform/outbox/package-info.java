/**
 * The transactional outbox: {@link io.streamgate.platform.outbox.Outbox} is the API features use; the relay that
 * publishes appended events (in per-key order, one instance per shard at a time, at least once) is the platform's
 * implementation in {@code internal}.
 */
package io.streamgate.platform.outbox;
