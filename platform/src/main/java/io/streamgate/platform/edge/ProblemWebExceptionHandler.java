package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import io.streamgate.platform.problems.Problems;
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

import java.util.Set;

/**
 * Renders every failure that reaches the web layer, from handlers and filters alike, as
 * {@code application/problem+json} (RFC 9457). Ordered before Spring Boot's own error handler so that no response
 * ever carries Boot's default error body or a stack trace.
 */
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final Problems problems;
    private final JsonMapper json;
    private final Set<String> badRequestForInvalidInput;

    ProblemWebExceptionHandler(Problems problems, JsonMapper json) {
        this(problems, json, Set.of());
    }

    /** @param badRequestForInvalidInput paths where a 422 goes out as a 400 ({@link Routes.Route#invalidInputAs400}) */
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
        byte[] body = json.writeValueAsBytes(problem.body(path, requestId));
        headers.setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static long ceilSeconds(ApiProblem problem) {
        long millis = problem.retryAfter().toMillis();
        return (millis + 999) / 1000;
    }

}
