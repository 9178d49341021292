package io.streamgate.loadgen;

import java.util.List;

/**
 * Seed 001's traffic: complete trips, each as its three parts posted to {@code /trips/requested},
 * {@code /trips/driver-assigned} and {@code /trips/completed}, so that the trips join has real work.
 *
 * <p>Requests are numbered by the scheduler; this maps request number {@code s} to (trip, part) without any shared
 * state, in cycles of 100 trips: the first {@code duplicateShare} trips of a cycle send their first part twice before
 * the others (the join must ignore the copy), the next {@code lateShare} trips send their last part again after the
 * trip is complete (the join must set it aside as late, ARRIVED_AFTER_JOIN, never join twice), the rest send exactly
 * three parts. The order of the three parts rotates through all six permutations, trip by trip. Parts of one trip are
 * usually sent on different connections at nearly the same time, so the join also sees them race.
 *
 * <p>Trip ids are {@code LG-<run>-<n>}: a new run id per run, or every trip of a second run would be "late".
 */
public final class TripsWorkload implements Requests {

    static final int CYCLE_TRIPS = 100;
    private static final int[][] ORDERS = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    private static final String TIMESTAMPS = "2026-11-23T10:0";

    private final RequestTemplate[] parts;
    private final int duplicates;
    private final int lates;
    private final int requestsPerCycle;

    /**
     * @param duplicateShare  percent of trips that send one part twice before the trip is complete
     * @param lateShare  percent of trips that send one part again after it is complete
     */
    public TripsWorkload(String hostHeader, List<String> headers, String runId, int duplicateShare, int lateShare) {
        if (duplicateShare < 0 || lateShare < 0 || duplicateShare + lateShare > CYCLE_TRIPS) {
            throw new IllegalArgumentException("shares must be >= 0 and add up to at most 100 percent");
        }
        if (!runId.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("run id must be 1-16 letters or digits");
        }
        this.duplicates = duplicateShare;
        this.lates = lateShare;
        this.requestsPerCycle = 3 * CYCLE_TRIPS + duplicateShare + lateShare;
        String trip = "LG-" + runId + "-%d";
        long ids = Long.MAX_VALUE;
        this.parts = new RequestTemplate[]{
                new RequestTemplate("POST", hostHeader, "/trips/requested", headers, """
                        {"trip_id":"%s","rider_id":"RIDER-%s","pickup_latitude":37.7749,"pickup_longitude":-122.4194,\
                        "dropoff_latitude":37.8044,"dropoff_longitude":-122.2712,"requested_at":"%s0:00Z"}"""
                        .formatted(trip, trip, TIMESTAMPS), ids),
                new RequestTemplate("POST", hostHeader, "/trips/driver-assigned", headers, """
                        {"trip_id":"%s","driver_id":"DRIVER-7","vehicle_plate":"7ABC123",\
                        "vehicle_model":"Toyota Prius","assigned_at":"%s1:00Z"}""".formatted(trip, TIMESTAMPS), ids),
                new RequestTemplate("POST", hostHeader, "/trips/completed", headers, """
                        {"trip_id":"%s","distance_meters":18250,"duration_seconds":1560,"fare":42.50,"tip":5.00,\
                        "currency":"USD","completed_at":"%s9:00Z"}""".formatted(trip, TIMESTAMPS), ids)};
    }

    /** Requests per trip on average: what turns a request rate into a trip rate. */
    public double requestsPerTrip() {
        return requestsPerCycle / (double) CYCLE_TRIPS;
    }

    /** The trip and the part (0 requested, 1 driver assigned, 2 completed) that request {@code sequence} sends. */
    long[] tripAndPart(long sequence) {
        long cycle = sequence / requestsPerCycle;
        int offset = (int) (sequence % requestsPerCycle);
        int fourPartTrips = duplicates + lates;
        int tripInCycle;
        int slot;
        if (offset < 4 * fourPartTrips) {
            tripInCycle = offset / 4;
            slot = offset % 4;
        } else {
            tripInCycle = fourPartTrips + (offset - 4 * fourPartTrips) / 3;
            slot = (offset - 4 * fourPartTrips) % 3;
        }
        long trip = cycle * CYCLE_TRIPS + tripInCycle;
        int[] order = ORDERS[(int) (trip % ORDERS.length)];
        int position;
        if (tripInCycle < duplicates) {
            position = slot == 0 ? 0 : slot - 1;          // first, first again, second, third
        } else if (tripInCycle < fourPartTrips) {
            position = slot == 3 ? 2 : slot;              // first, second, third, third again
        } else {
            position = slot;
        }
        return new long[]{trip, order[position]};
    }

    @Override
    public int encode(long sequence, byte[] buffer) {
        long[] tripAndPart = tripAndPart(sequence);
        return parts[(int) tripAndPart[1]].encode(tripAndPart[0], buffer);
    }

    @Override
    public int maxLength() {
        int max = 0;
        for (RequestTemplate part : parts) {
            max = Math.max(max, part.maxLength());
        }
        return max;
    }

    @Override
    public boolean isHead() {
        return false;
    }
}
