/**
 * Trips (seed 001): ingest of three trip event streams keyed by trip id ({@code POST /trips/requested},
 * {@code /trips/driver-assigned}, {@code /trips/completed}, each with {@code /batch}), and the Kafka Streams join
 * ({@link io.streamgate.trips.TripJoinTopology}) that writes one {@code JoinedTrip} per trip to
 * {@code hw.fake.joinedstreams} and sets late parts aside in {@code hw.fake.trip-parts-late}.
 */
@StreamgateSystem("trips")
package io.streamgate.trips;

import io.streamgate.platform.systems.StreamgateSystem;
