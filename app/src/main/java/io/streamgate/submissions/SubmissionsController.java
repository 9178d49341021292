package io.streamgate.submissions;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.streamgate.platform.ingest.EventIntake;
import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.KafkaClientStatus;
import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.FieldViolation;
import io.streamgate.platform.edge.RequestEventLoop;
import io.streamgate.platform.edge.RequestIds;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.submissions.CodeSubmission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The code submission API of seed 004. {@code POST /submit-code} answers 200 (the seed's status: FastAPI's default)
 * only after Kafka acknowledged the record with acks=all; Kafka down is a 503 with {@code Retry-After}, not the seed's
 * 500. The request id is assigned by the server for every submission (see {@link SubmissionsConfiguration}).
 */
@RestController
@Tag(name = "submissions", description = "Queue code for execution on Kafka")
class SubmissionsController {

    /** The client's {@code X-Request-ID} on a route where the server assigns the request id. */
    static final String CLIENT_REQUEST_ID_HEADER = "X-Client-Request-ID";

    private final EventIntake<String, CodeSubmission> intake;
    private final Languages languages;
    private final CodeSubmissionRequest.Rules rules;
    private final KafkaClientStatus kafka;

    SubmissionsController(EventIntake<String, CodeSubmission> intake, Languages languages, CodeSubmissionRequest.Rules rules,
                          KafkaClientStatus kafka) {
        this.intake = intake;
        this.languages = languages;
        this.rules = rules;
        this.kafka = kafka;
    }

    @PostMapping(path = "/submit-code", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Queue code for execution",
            description = "200 once the submission is durable in topic code-execution (acks=all). The request_id "
                    + "is assigned by the server, unique, and also the response's X-Request-ID.")
    @ApiResponse(responseCode = "200", description = "Queued",
            content = @Content(schema = @Schema(implementation = SubmissionReceipt.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON; empty code, unknown language, code or input too "
            + "large, missing or null fields, unknown fields or wrong types (seed 004 answers invalid input with 400; "
            + "errors name each field)")
    @ApiResponse(responseCode = "413", description = "Body too large")
    @ApiResponse(responseCode = "415", description = "Not application/json")
    @ApiResponse(responseCode = "429", description = "Rate limited; see Retry-After")
    @ApiResponse(responseCode = "503", description = "Kafka or the registry unavailable; see Retry-After")
    Mono<SubmissionReceipt> submit(@RequestBody CodeSubmissionRequest request, ServerWebExchange exchange) {
        List<FieldViolation> violations = request.violations(rules);
        if (!violations.isEmpty()) {
            return Mono.error(ApiProblem.invalid(violations));
        }
        String requestId = RequestIds.of(exchange);
        CodeSubmission submission = request.toEvent(requestId);
        // The client's own id, when it sent one, travels with the submission for correlation.
        CompletableFuture<Delivery> delivery = RequestIds.offered(exchange)
                .map(clientId -> intake.publish(submission, requestId, Map.of(CLIENT_REQUEST_ID_HEADER, clientId)))
                .orElseGet(() -> intake.publish(submission, requestId));
        return RequestEventLoop.await(exchange, delivery).map(ack -> SubmissionReceipt.queued(submission));
    }

    /** The browser page (static, {@code /submissions/index.html}) at a shorter address. */
    @GetMapping({"/submissions", "/submissions/"})
    @Operation(summary = "Redirects to the submission page", hidden = true)
    ResponseEntity<Void> page() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/submissions/index.html")).build();
    }

    @GetMapping("/supported-languages")
    @Operation(summary = "The languages code may be submitted in (from configuration)")
    Map<String, List<SubmissionsSettings.Language>> supportedLanguages() {
        return Map.of("languages", languages.all());
    }

    /** The documented shape of {@code /kafka-status} (built as a map below, in the seed's field order). */
    @Schema(name = "KafkaStatus")
    record KafkaStatusReport(
            @Schema(allowableValues = {"connected", "disconnected"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String status,
            @JsonProperty("bootstrap_servers") List<String> bootstrapServers,
            String topic,
            @JsonProperty("producer_config") ProducerConfigReport producerConfig,
            @Schema(description = "how many brokers the last probe saw") Integer brokers,
            @JsonProperty("cluster_id") String clusterId,
            @Schema(description = "when the connection last changed state") java.time.Instant since,
            @Schema(description = "the last probe's failure, while disconnected") String error) {
    }

    @Schema(name = "KafkaProducerConfig")
    record ProducerConfigReport(
            String acks,
            Integer retries,
            @JsonProperty("api_version") String apiVersion,
            @JsonProperty("client_version") String clientVersion,
            @JsonProperty("enable_idempotence") Boolean enableIdempotence,
            @JsonProperty("delivery_timeout_ms") Integer deliveryTimeoutMs,
            @JsonProperty("request_timeout_ms") Integer requestTimeoutMs,
            @JsonProperty("max_in_flight_requests_per_connection") Integer maxInFlightRequestsPerConnection,
            @JsonProperty("linger_ms") Integer lingerMs,
            @JsonProperty("compression_type") String compressionType,
            @JsonProperty("security_protocol") String securityProtocol,
            @JsonProperty("client_id") String clientId) {
    }

    @GetMapping("/kafka-status")
    @Operation(summary = "The Kafka connection and the producer settings that decide delivery",
            description = "Never blocks on Kafka: the availability probe's last result. Never shows a credential.")
    @ApiResponse(responseCode = "200", description = "The connection's state", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = KafkaStatusReport.class)))
    Map<String, Object> kafkaStatus() {
        KafkaClientStatus.Connection connection = kafka.connection();
        KafkaClientStatus.ProducerSettings producer = kafka.producer();
        Map<String, Object> producerConfig = new LinkedHashMap<>();
        producerConfig.put("acks", producer.acks());
        producerConfig.put("retries", producer.retries());
        // The seed's field (kafka-python's protocol guess); here the Kafka client library's version.
        producerConfig.put("api_version", producer.clientVersion());
        producerConfig.put("client_version", producer.clientVersion());
        producerConfig.put("enable_idempotence", producer.idempotence());
        producerConfig.put("delivery_timeout_ms", producer.deliveryTimeoutMs());
        producerConfig.put("request_timeout_ms", producer.requestTimeoutMs());
        producerConfig.put("max_in_flight_requests_per_connection", producer.maxInFlightRequestsPerConnection());
        producerConfig.put("linger_ms", producer.lingerMs());
        producerConfig.put("compression_type", producer.compressionType());
        producerConfig.put("security_protocol", producer.securityProtocol());
        producerConfig.put("client_id", producer.clientId());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", connection.connected() ? "connected" : "disconnected");
        body.put("bootstrap_servers", connection.bootstrapServers());
        body.put("topic", Topics.CODE_EXECUTION.name());
        body.put("producer_config", producerConfig);
        body.put("brokers", connection.brokers());
        if (connection.clusterId() != null) {
            body.put("cluster_id", connection.clusterId());
        }
        body.put("since", connection.since());
        if (connection.lastError() != null) {
            body.put("error", connection.lastError());
        }
        return body;
    }
}
