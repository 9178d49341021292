package io.streamgate.payments;

import io.streamgate.platform.database.Blocking;
import io.streamgate.platform.idempotency.IdempotencyKey;
import io.streamgate.platform.idempotency.IdempotentPosts;
import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.PublishException;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.json.JsonEndpoints;
import io.streamgate.platform.edge.RequestEventLoop;
import io.streamgate.platform.edge.RequestIds;
import io.streamgate.schemas.payments.Payment;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /payments} of seed 000. Synchronous delivery (the default) answers 201 only after Kafka acknowledged the
 * record with acks=all; {@code Prefer: respond-async} answers 202 with a status resource; fire-and-forget (by
 * configuration) answers 202 at once.
 * <p>
 * The busiest route, so it is a functional endpoint ({@link JsonEndpoints}, routed in {@link PaymentsConfiguration})
 * rather than a controller method: WebFlux would resolve a method's arguments and negotiate its result afresh on every
 * request. Its 415/400/422/405 answers are the controllers' ({@code PaymentsBadInputTest}); its OpenAPI description
 * is read from the annotations on {@link #create}.
 */
@Tag(name = "payments", description = "Publish payments to Kafka as Avro events")
class PaymentsEndpoint {

    private static final Logger log = LoggerFactory.getLogger(PaymentsEndpoint.class);
    private static final String PREFER = "Prefer";

    private final EventIntake<String, Payment> intake;
    private final PaymentStatuses statuses;
    private final IdempotentPosts idempotentPosts;
    private final PaymentsSettings settings;
    private final JsonEndpoints json;

    PaymentsEndpoint(EventIntake<String, Payment> intake, PaymentStatuses statuses, IdempotentPosts idempotentPosts,
                     PaymentsSettings settings, JsonEndpoints json) {
        this.intake = intake;
        this.statuses = statuses;
        this.idempotentPosts = idempotentPosts;
        this.settings = settings;
        this.json = json;
    }

    @Operation(operationId = "create", summary = "Publish one payment",
            description = "201 after the broker's ack (default); 202 + Location with 'Prefer: respond-async'; "
                    + "202 at once in fire-and-forget mode.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PaymentRequest.class)))
    @ApiResponse(responseCode = "201", description = "Durable in Kafka", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PaymentReceipt.class)))
    @ApiResponse(responseCode = "202", description = "Accepted; delivery pending", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PaymentReceipt.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON")
    @ApiResponse(responseCode = "409", description = "Same Idempotency-Key still in progress")
    @ApiResponse(responseCode = "413", description = "Body too large")
    @ApiResponse(responseCode = "415", description = "Not application/json")
    @ApiResponse(responseCode = "422", description = "Invalid values, unknown fields or wrong types")
    @ApiResponse(responseCode = "429", description = "Rate limited; see Retry-After")
    @ApiResponse(responseCode = "503", description = "Kafka, the registry or the database unavailable; see Retry-After")
    @Parameter(in = ParameterIn.HEADER, name = PREFER, description = "respond-async for 202 + status resource",
            schema = @Schema(type = "string"))
    @Parameter(in = ParameterIn.HEADER, name = IdempotencyKey.HEADER,
            description = "a retry with the same key and body is answered once", schema = @Schema(type = "string"))
    Mono<ServerResponse> create(ServerRequest request) {
        return json.body(request, PaymentRequest.class)
                .flatMap(payment -> validateAndAccept(payment, request.exchange()))
                .flatMap(json::respond);
    }

    /**
     * Not an overload of {@link #create}: springdoc finds the method its description is read from by name alone, and
     * took this one now and then (the order a JVM lists a class's methods in is not fixed).
     */
    private Mono<ResponseEntity<?>> validateAndAccept(PaymentRequest request, ServerWebExchange exchange) {
        List<FieldViolation> violations = request.violations("");
        if (!violations.isEmpty()) {
            return Mono.error(ApiProblem.invalid(violations));
        }
        String prefer = exchange.getRequest().getHeaders().getFirst(PREFER);
        String requestId = RequestIds.of(exchange);
        boolean async = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        return idempotentPosts.run(exchange, () -> request.fingerprint() + (async ? "|async" : ""),
                paymentId -> accept(request, paymentId, requestId, async, exchange));
    }

    private Mono<ResponseEntity<?>> accept(PaymentRequest request, UUID paymentId, String requestId, boolean async,
                                           ServerWebExchange exchange) {
        if (async) {
            return acceptAsync(request, paymentId, requestId);
        }
        Payment payment = PaymentEvents.of(request, paymentId, requestId);
        boolean fireAndForget = settings.delivery() == PaymentsSettings.DeliveryMode.FIRE_AND_FORGET;
        CompletableFuture<Delivery> delivery = fireAndForget ? intake.publishInBackground(payment, requestId)
                : intake.publish(payment, requestId);
        if (fireAndForget) {
            if (delivery.isCompletedExceptionally()) {
                return Mono.fromFuture(delivery).then(Mono.empty());
            }
            delivery.whenComplete((ok, failure) -> logFailure(failure, paymentId, requestId));
            return Mono.just(ResponseEntity.accepted().body(PaymentReceipt.of(payment, "accepted", null)));
        }
        return RequestEventLoop.await(exchange, delivery).map(ack -> ResponseEntity.status(HttpStatus.CREATED)
                .body(PaymentReceipt.of(payment, PaymentStatus.DELIVERED, ack)));
    }

    /**
     * The pending status is in the database before the payment is published, so the {@code Location} answers on every
     * replica from the moment the client holds it. With the database down nothing is published: 503, retry later.
     */
    private Mono<ResponseEntity<?>> acceptAsync(PaymentRequest request, UUID paymentId, String requestId) {
        return Blocking.call(() -> statuses.recordPending(paymentId))
                .flatMap(attempt -> {
                    Payment payment = PaymentEvents.of(request, paymentId, requestId);
                    CompletableFuture<Delivery> delivery = intake.publishInBackground(payment, requestId);
                    delivery.whenComplete((ack, failure) -> {
                        if (failure == null) {
                            statuses.recordOutcome(attempt, new PaymentStatus(paymentId, PaymentStatus.DELIVERED,
                                    ack.topic(), ack.partition(), ack.offset(), null));
                        } else {
                            statuses.recordOutcome(attempt, failedOrUnknown(paymentId, failure));
                            logFailure(failure, paymentId, requestId);
                        }
                    });
                    if (delivery.isCompletedExceptionally()) {
                        // Known at once (Kafka down, buffer full): say so now rather than hand out a failed status.
                        return Mono.fromFuture(delivery).then(Mono.empty());
                    }
                    return Mono.just(ResponseEntity.accepted()
                            .location(URI.create("/payments/" + paymentId))
                            .header("Preference-Applied", "respond-async")
                            .body(PaymentReceipt.of(payment, PaymentStatus.PENDING, null)));
                });
    }

    /**
     * {@code failed} only when nothing was written; {@code unknown} when the record may be in the topic (the producer
     * gave up after it had sent it). Which of the two happened the relay cannot learn cheaply: the producer reports no
     * offset for a failed record, so only reading the partition for the payment id, after the failover that caused the
     * doubt has ended, would tell (docs/reliability.md).
     */
    static PaymentStatus failedOrUnknown(UUID paymentId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof PublishException publish && !publish.mayHaveBeenWritten()) {
            return new PaymentStatus(paymentId, PaymentStatus.FAILED, null, null, null,
                    "Not written: " + cause.getMessage());
        }
        return PaymentStatus.unknown(paymentId, cause.getMessage());
    }

    private static void logFailure(Throwable failure, UUID paymentId, String requestId) {
        if (failure != null) {
            RequestIds.withMdc(requestId, () ->
                    log.warn("Payment {} was accepted but not delivered: {}", paymentId, rootMessage(failure)));
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage();
    }
}
