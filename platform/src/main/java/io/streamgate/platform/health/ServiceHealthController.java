package io.streamgate.platform.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /health}, the documents' health route: one line per dependency (Kafka, the schema registry, Postgres,
 * the outbox's backlog) and for the platform's consumers (stuck or unassigned ones are down), then the fields systems
 * add ({@link ServiceHealthFields}), then {@code details}; 200 when all are up and 503 when any is down. Kubernetes
 * probes use {@code /livez} and {@code /readyz} instead.
 * <p>
 * The report is a {@link SharedCheck} without a cache: requests that arrive while one is being made share it. It ends
 * in bounded time because its blocking indicators are {@link SharedHealthIndicator}s, each with its own bound.
 */
@RestController
@Tag(name = "health")
class ServiceHealthController {

    /** A health contributor and the field /health reports it under. */
    private record Dependency(String contributor, String field) {
    }

    private static final List<Dependency> DEPENDENCIES = List.of(new Dependency("kafka", "kafka"),
            new Dependency("schemaRegistry", "schema_registry"), new Dependency("db", "postgres"),
            new Dependency("outbox", "outbox"), new Dependency("consumers", "consumers"));

    private final ObjectProvider<HealthContributorRegistry> registry;
    private final ObjectProvider<ServiceHealthFields> systemFields;
    private final SharedCheck<ResponseEntity<Map<String, Object>>> report =
            SharedCheck.of("health report", this::check, Duration.ZERO);

    ServiceHealthController(ObjectProvider<HealthContributorRegistry> registry,
                            ObjectProvider<ServiceHealthFields> systemFields) {
        this.registry = registry;
        this.systemFields = systemFields;
    }

    /** The documented shape of {@code /health} (the body is built as a map: systems add fields of their own). */
    @Schema(name = "HealthReport", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
            description = "One field per dependency the platform checks, then the fields systems add, then details")
    record HealthReport(
            @Schema(allowableValues = {"healthy", "unhealthy"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String status,
            @Schema(allowableValues = {"connected", "disconnected"}) String kafka,
            @JsonProperty("schema_registry") @Schema(allowableValues = {"up", "down"}) String schemaRegistry,
            @Schema(allowableValues = {"up", "down"}) String postgres,
            @Schema(allowableValues = {"up", "down"}) String outbox,
            @Schema(allowableValues = {"up", "down"}) String consumers,
            @Schema(description = "per dependency, what its check found") Map<String, Object> details) {
    }

    @GetMapping("/health")
    @Operation(summary = "Health of the service and each dependency")
    @ApiResponse(responseCode = "200", description = "Every dependency is up", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = HealthReport.class)))
    @ApiResponse(responseCode = "503", description = "A dependency is down (the same body, status unhealthy)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = HealthReport.class)))
    Mono<ResponseEntity<Map<String, Object>>> health() {
        // Indicators may block (JDBC validation, the registry's ping), so the report runs off the event loop, on a
        // thread of its own that requests arriving meanwhile share. A client that goes away cancels only its wait:
        // an interrupted check would otherwise be served to others as the dependency being down.
        return Mono.fromFuture(report::result, true);
    }

    private ResponseEntity<Map<String, Object>> check() {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        boolean healthy = true;
        body.put("status", "healthy");
        HealthContributorRegistry registry = this.registry.getIfAvailable();
        if (registry == null) {
            addSystemFields(body, true);
            body.put("details", details);
            return ResponseEntity.ok(body);
        }
        for (Dependency dependency : DEPENDENCIES) {
            String name = dependency.contributor();
            HealthContributor contributor = registry.getContributor(name);
            if (!(contributor instanceof HealthIndicator indicator)) {
                continue;
            }
            Health health = indicator.health(true);
            boolean up = Status.UP.equals(health.getStatus());
            healthy &= up;
            String label = dependency.field();
            body.put(label, name.equals("kafka") ? (up ? "connected" : "disconnected") : (up ? "up" : "down"));
            if (!health.getDetails().isEmpty()) {
                details.put(label, health.getDetails());
            }
        }
        if (!healthy) {
            body.put("status", "unhealthy");
        }
        addSystemFields(body, healthy);
        body.put("details", details);
        return ResponseEntity.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    private void addSystemFields(Map<String, Object> body, boolean healthy) {
        systemFields.orderedStream().forEach(contributor -> contributor.fields(healthy).forEach(body::putIfAbsent));
    }
}
