/**
 * Order details (seed 003, consumer side): a read model in Postgres built from topic {@code order-events} through the
 * platform's consumer ({@code OrderDetailsProjection}), with the 2 % shipping cost; {@code GET /order-details} and
 * {@code GET /getAllOrderIdsFromTopic} answered from it, also on the seed's port 8001.
 */
@StreamgateSystem("orderdetails")
package io.streamgate.orderdetails;

import io.streamgate.platform.systems.StreamgateSystem;
