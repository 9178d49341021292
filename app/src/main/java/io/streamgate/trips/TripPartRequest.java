package io.streamgate.trips;

import io.streamgate.platform.problems.FieldViolation;

import java.util.List;

/**
 * One of the three trip requests a client posts. Each is aligned field by field with its Avro contract (same names,
 * types and nullability, the service adding only {@code request_id}); {@code TripContractsAlignmentTest} fails when
 * they drift apart.
 */
sealed interface TripPartRequest permits TripRequestedRequest, DriverAssignedRequest, TripCompletedRequest {

    String tripId();

    /** Every rule this request breaks, each naming its field (after {@code fieldPrefix}); empty when it is valid. */
    List<FieldViolation> violations(String fieldPrefix);
}
