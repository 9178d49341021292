/**
 * Payments (seed 000): {@code POST /payments} validates a payment and publishes it as an Avro {@code Payment} to topic
 * {@code payments}, keyed by customer id, in one of three delivery modes; {@code POST /payments/batch};
 * {@code GET /payments/{id}} for asynchronous deliveries.
 */
@StreamgateSystem("payments")
package io.streamgate.payments;

import io.streamgate.platform.systems.StreamgateSystem;
