package io.streamgate.trips;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.ingest.BatchIngest;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.edge.RequestEventLoop;
import io.streamgate.platform.edge.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * Ingest of seed 001's three trip streams: one route per stream and a batch route per stream for generators. Each
 * answers 201 only after the broker acknowledged the record (acks=all); invalid input is a 4xx problem that names the
 * field and writes nothing. No idempotency key is needed for a retry: the join keeps the first copy of a part and sets
 * later copies aside, so a trip is joined once however often a part is sent.
 */
@RestController
@Tag(name = "trips", description = "Publish the three trip event streams that the trips join combines")
class TripsController {

    private static final BatchIngest.Nouns NOUNS = new BatchIngest.Nouns("one of the trip parts", "trip parts");

    private final TripIntake intake;
    private final BatchIngest batches;
    private final TripsSettings settings;

    TripsController(TripIntake intake, BatchIngest batches, TripsSettings settings) {
        this.intake = intake;
        this.batches = batches;
        this.settings = settings;
    }

    @PostMapping(path = "/trips/requested", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A rider asked for a trip", description = "Publishes a TripRequested to hw.fake.trip-requested")
    @ApiResponse(responseCode = "201", description = "Durable in Kafka",
            content = @Content(schema = @Schema(implementation = TripPartReceipt.class)))
    @ApiResponse(responseCode = "422", description = "Invalid values, unknown fields or wrong types")
    @ApiResponse(responseCode = "503", description = "Kafka or the registry unavailable; see Retry-After")
    Mono<ResponseEntity<TripPartReceipt>> requested(@RequestBody TripRequestedRequest request,
                                                    ServerWebExchange exchange) {
        return accept(request, exchange);
    }

    @PostMapping(path = "/trips/driver-assigned", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A driver took a trip", description = "Publishes a DriverAssigned to hw.fake.driver-assigned")
    @ApiResponse(responseCode = "201", description = "Durable in Kafka",
            content = @Content(schema = @Schema(implementation = TripPartReceipt.class)))
    @ApiResponse(responseCode = "422", description = "Invalid values, unknown fields or wrong types")
    @ApiResponse(responseCode = "503", description = "Kafka or the registry unavailable; see Retry-After")
    Mono<ResponseEntity<TripPartReceipt>> driverAssigned(@RequestBody DriverAssignedRequest request,
                                                         ServerWebExchange exchange) {
        return accept(request, exchange);
    }

    @PostMapping(path = "/trips/completed", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A trip ended", description = "Publishes a TripCompleted to hw.fake.trip-completed")
    @ApiResponse(responseCode = "201", description = "Durable in Kafka",
            content = @Content(schema = @Schema(implementation = TripPartReceipt.class)))
    @ApiResponse(responseCode = "422", description = "Invalid values, unknown fields or wrong types")
    @ApiResponse(responseCode = "503", description = "Kafka or the registry unavailable; see Retry-After")
    Mono<ResponseEntity<TripPartReceipt>> completed(@RequestBody TripCompletedRequest request,
                                                    ServerWebExchange exchange) {
        return accept(request, exchange);
    }

    @PostMapping(path = "/trips/requested/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Many TripRequested", description = "207 with one result per item, in order")
    @ApiResponse(responseCode = "207", description = "One result per item",
            content = @Content(schema = @Schema(implementation = BatchIngest.BatchResult.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or not an array")
    @ApiResponse(responseCode = "413", description = "Body too large")
    @ApiResponse(responseCode = "422", description = "Too many items")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = TripRequestedRequest.class))))
    Mono<ResponseEntity<BatchIngest.BatchResult>> requestedBatch(@RequestBody List<JsonNode> items,
                                                                 ServerWebExchange exchange) {
        return acceptBatch(items, TripRequestedRequest.class, exchange);
    }

    @PostMapping(path = "/trips/driver-assigned/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Many DriverAssigned", description = "207 with one result per item, in order")
    @ApiResponse(responseCode = "207", description = "One result per item",
            content = @Content(schema = @Schema(implementation = BatchIngest.BatchResult.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or not an array")
    @ApiResponse(responseCode = "413", description = "Body too large")
    @ApiResponse(responseCode = "422", description = "Too many items")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = DriverAssignedRequest.class))))
    Mono<ResponseEntity<BatchIngest.BatchResult>> driverAssignedBatch(@RequestBody List<JsonNode> items,
                                                                      ServerWebExchange exchange) {
        return acceptBatch(items, DriverAssignedRequest.class, exchange);
    }

    @PostMapping(path = "/trips/completed/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Many TripCompleted", description = "207 with one result per item, in order")
    @ApiResponse(responseCode = "207", description = "One result per item",
            content = @Content(schema = @Schema(implementation = BatchIngest.BatchResult.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or not an array")
    @ApiResponse(responseCode = "413", description = "Body too large")
    @ApiResponse(responseCode = "422", description = "Too many items")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = TripCompletedRequest.class))))
    Mono<ResponseEntity<BatchIngest.BatchResult>> completedBatch(@RequestBody List<JsonNode> items,
                                                                 ServerWebExchange exchange) {
        return acceptBatch(items, TripCompletedRequest.class, exchange);
    }

    private Mono<ResponseEntity<TripPartReceipt>> accept(TripPartRequest request, ServerWebExchange exchange) {
        List<FieldViolation> violations = request.violations("");
        if (!violations.isEmpty()) {
            return Mono.error(ApiProblem.invalid(violations));
        }
        String requestId = RequestIds.of(exchange);
        return RequestEventLoop.await(exchange, intake.publish(request, requestId)).map(ack -> ResponseEntity.status(HttpStatus.CREATED)
                .body(TripPartReceipt.of(request.tripId(), requestId, ack)));
    }

    private <R extends TripPartRequest> Mono<ResponseEntity<BatchIngest.BatchResult>> acceptBatch(
            List<JsonNode> nodes, Class<R> type, ServerWebExchange exchange) {
        String requestId = RequestIds.of(exchange);
        List<BatchIngest.Item<R>> items = batches.parse(nodes, type, settings.batchMaxItems(), NOUNS,
                TripPartRequest::violations);
        return batches.publish(items, item -> new BatchIngest.Submitted<>(item.request().tripId(),
                        intake.publish(item.request(), requestId)), requestId)
                .map(result -> ResponseEntity.status(HttpStatus.MULTI_STATUS).body(result));
    }
}
