package io.streamgate.platform.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders every failure that reaches the web layer, from handlers and filters alike, as
 * {@code application/problem+json} (RFC 9457). Ordered before Spring Boot's own error handler so that no response
 * ever carries Boot's default error body or a stack trace.
 */
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final Problems problems;
    private final JsonMapper json;
    private final Set<String> badRequestForInvalidInput;

    ProblemWebExceptionHandler(Problems problems, JsonMapper json) {
        this(problems, json, Set.of());
    }

    /** @param badRequestForInvalidInput paths where a 422 goes out as a 400 ({@link SeedValidationStatus}) */
    ProblemWebExceptionHandler(Problems problems, JsonMapper json, Set<String> badRequestForInvalidInput) {
        this.problems = problems;
        this.json = json;
        this.badRequestForInvalidInput = Set.copyOf(badRequestForInvalidInput);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        String requestId = RequestIds.of(exchange);
        ApiProblem problem = problems.toProblem(failure, requestId);
        String path = exchange.getRequest().getPath().value();
        if (problem.status() == HttpStatus.UNPROCESSABLE_CONTENT && badRequestForInvalidInput.contains(path)) {
            problem = problem.withStatus(HttpStatus.BAD_REQUEST);
        }
        HttpHeaders headers = response.getHeaders();
        headers.remove(HttpHeaders.LOCATION);
        if (failure instanceof ErrorResponse errorResponse) {
            errorResponse.getHeaders().forEach((name, values) -> {
                if (!headers.containsHeader(name)) {
                    headers.put(name, values);
                }
            });
        }
        if (problem.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ceilSeconds(problem))));
        }
        headers.setContentType(PROBLEM_JSON);
        response.setStatusCode(problem.status());
        byte[] body = json.writeValueAsBytes(body(problem, path, requestId));
        headers.setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static long ceilSeconds(ApiProblem problem) {
        long millis = problem.retryAfter().toMillis();
        return (millis + 999) / 1000;
    }

    /** The problem's body; {@code instance} is the request's path, left out when the request has none to name. */
    static Map<String, Object> body(ApiProblem problem, String instance, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:streamgate:problem:" + slug(problem.title()));
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", problem.detail());
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("request_id", requestId);
        if (!problem.violations().isEmpty()) {
            body.put("errors", problem.violations());
        }
        problem.properties().forEach(body::putIfAbsent);
        return body;
    }

    private static String slug(String title) {
        return title.toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}
