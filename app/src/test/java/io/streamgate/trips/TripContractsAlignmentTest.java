package io.streamgate.trips;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.schemas.trips.DriverAssigned;
import io.streamgate.schemas.trips.TripCompleted;
import io.streamgate.schemas.trips.TripRequested;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 001 asks that request models and Avro schemas stay aligned: this fails when a trip request and its event's
 * contract drift apart (a field on one side only, a type or a nullability mismatch), and when the request's
 * validation does not require what the contract requires.
 */
class TripContractsAlignmentTest {

    /** What the service adds to every trip event; never sent by a client. */
    private static final Set<String> SERVICE_FIELDS = Set.of("request_id");

    static Stream<Arguments> requestsAndContracts() {
        return Stream.of(
                Arguments.of(TripRequestedRequest.class, TripRequested.getClassSchema()),
                Arguments.of(DriverAssignedRequest.class, DriverAssigned.getClassSchema()),
                Arguments.of(TripCompletedRequest.class, TripCompleted.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsAndContracts")
    void shouldHaveTheSameFieldsTypesAndNullabilityAsItsAvroContract(Class<? extends Record> request,
                                                                    org.apache.avro.Schema contract) {
        assertThat(ContractAlignment.differences(request, contract, SERVICE_FIELDS)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsAndContracts")
    void shouldRejectAMissingValueForExactlyTheFieldsTheContractRequires(Class<? extends Record> request,
                                                                        org.apache.avro.Schema contract)
            throws ReflectiveOperationException {
        RecordComponent[] components = request.getRecordComponents();
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        TripPartRequest empty = (TripPartRequest) request.getDeclaredConstructor(types)
                .newInstance(new Object[components.length]);

        List<String> required = contract.getFields().stream()
                .filter(field -> !SERVICE_FIELDS.contains(field.name()))
                .filter(field -> field.schema().getType() != org.apache.avro.Schema.Type.UNION)
                .map(org.apache.avro.Schema.Field::name).toList();
        assertThat(empty.violations("")).extracting(FieldViolation::field).containsExactlyInAnyOrderElementsOf(required);
    }

    /** A request that drifted from {@code TripRequested} in every way the check must catch. */
    record DriftedRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("trip_id") String tripId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("rider_id") Integer riderId,
            @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) @JsonProperty("pickup_latitude") Double pickupLat,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("pickup_longitude") Double pickupLon,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("dropoff_latitude") Double dropoffLat,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("requested_at") Instant requestedAt,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @JsonProperty("surge") BigDecimal surge,
            @JsonProperty("request_id") String requestId) {
    }

    @Test
    void shouldReportEveryKindOfDrift() {
        assertThat(ContractAlignment.differences(DriftedRequest.class, TripRequested.getClassSchema(), SERVICE_FIELDS))
                .containsExactlyInAnyOrder(
                        "rider_id: request type Integer needs Avro int, schema has string",
                        "pickup_latitude: optional in the request but not nullable in Avro",
                        "dropoff_longitude: in the Avro schema only",
                        "surge: in the request only",
                        "request_id: set by the service, but the request has it too");
    }
}
