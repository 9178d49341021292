/**
 * The transactional outbox: {@link io.streamgate.platform.outbox.Outbox} is the API features use; the relay that
 * publishes appended events is the platform's implementation.
 */
package io.streamgate.platform.outbox;
