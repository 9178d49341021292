/**
 * Orders (seeds 002 and 003): orders and their line items in Postgres, the {@code /orders} CRUD routes and the cart
 * routes {@code /create-order} and {@code /update-order}, one {@code OrderEvent} per change written to the platform's
 * transactional outbox (published to {@code order-events}), and the life cycle CREATED → CONFIRMED → SHIPPED driven
 * by due times stored on the order, safe with many replicas.
 */
@StreamgateSystem("orders")
package io.streamgate.orders;

import io.streamgate.platform.systems.StreamgateSystem;
