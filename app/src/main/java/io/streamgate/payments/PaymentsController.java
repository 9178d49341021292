package io.streamgate.payments;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.idempotency.IdempotencyKey;
import io.streamgate.platform.idempotency.IdempotentPosts;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.edge.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * The payments API of seed 000 besides {@code POST /payments} ({@link PaymentsEndpoint}): batches, and the status of
 * an asynchronously submitted payment.
 */
@RestController
@Tag(name = "payments", description = "Publish payments to Kafka as Avro events")
class PaymentsController {

    private final PaymentStatuses statuses;
    private final IdempotentPosts idempotentPosts;
    private final PaymentsSettings settings;
    private final PaymentBatches batches;

    PaymentsController(PaymentStatuses statuses, IdempotentPosts idempotentPosts, PaymentsSettings settings,
                       PaymentBatches batches) {
        this.statuses = statuses;
        this.idempotentPosts = idempotentPosts;
        this.settings = settings;
        this.batches = batches;
    }

    @PostMapping(path = "/payments/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Publish many payments",
            description = "A JSON array of payments. 207 with one result per item, in order: 201 delivered, "
                    + "422 invalid, 503 not written. Each valid item is published; an invalid one does not stop others.")
    @ApiResponse(responseCode = "207", description = "One result per item",
            content = @Content(schema = @Schema(implementation = PaymentBatches.BatchResult.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON or not an array")
    @ApiResponse(responseCode = "409", description = "Same Idempotency-Key still in progress")
    @ApiResponse(responseCode = "413", description = "Body too large")
    @ApiResponse(responseCode = "422", description = "Too many items")
    @ApiResponse(responseCode = "429", description = "Rate limited; see Retry-After")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = PaymentRequest.class))))
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER,
            description = "a retry with the same key and body is answered once", schema = @Schema(type = "string"))
    Mono<ResponseEntity<?>> createBatch(@RequestBody List<tools.jackson.databind.JsonNode> items,
                                        ServerWebExchange exchange) {
        String requestId = RequestIds.of(exchange);
        PaymentBatches.Parsed parsed = batches.parse(items);
        return idempotentPosts.run(exchange, parsed::fingerprint,
                base -> batches.publish(parsed, base, requestId).map(PaymentsController::multiStatus));
    }

    private static ResponseEntity<?> multiStatus(PaymentBatches.BatchResult result) {
        return ResponseEntity.status(HttpStatus.MULTI_STATUS).body(result);
    }

    @GetMapping("/payments/{paymentId}")
    @Operation(summary = "Delivery status of an asynchronously submitted payment")
    @ApiResponse(responseCode = "200", description = "pending, delivered, failed (not written) or unknown "
            + "(may have been written)")
    @ApiResponse(responseCode = "404", description = "Unknown or expired")
    @ApiResponse(responseCode = "503", description = "The database is unavailable; see Retry-After")
    Mono<PaymentStatus> status(@PathVariable String paymentId) {
        UUID id;
        try {
            id = UUID.fromString(paymentId);
        } catch (IllegalArgumentException e) {
            return Mono.error(ApiProblem.notFound("No payment " + paymentId + "."));
        }
        return Blocking.call(() -> statuses.find(id))
                .flatMap(found -> found.map(Mono::just).orElseGet(() -> Mono.error(ApiProblem.notFound(
                        "No asynchronous payment " + paymentId + " is known; statuses are kept for "
                                + settings.statusRetention() + "."))));
    }
}
