package io.streamgate.platform.problems;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rejection the API answers with an RFC 9457 problem: a status, a short title, a detail for the client and, where
 * the client may retry, how long to wait. Thrown by feature code and platform filters alike and rendered once, by
 * {@link ProblemWebExceptionHandler}. Carries no stack trace: it is an answer, not a bug.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final Duration retryAfter;
    private final List<FieldViolation> violations;
    private final Map<String, Object> properties;

    public ApiProblem(HttpStatus status, String title, String detail, Duration retryAfter,
                      List<FieldViolation> violations, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfter;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
        this.properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Malformed request", detail, null, null, null);
    }

    public static ApiProblem invalid(List<FieldViolation> violations) {
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request",
                "The request has " + violations.size() + " invalid value(s).", null, violations, null);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldViolation(field, message)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail, null, null, null);
    }

    public static ApiProblem conflict(String detail, Duration retryAfter) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, retryAfter, null, null);
    }

    public static ApiProblem payloadTooLarge(long limitBytes) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                "The request body exceeds the limit of " + limitBytes + " bytes.", null, null,
                Map.of("limit_bytes", limitBytes));
    }

    public static ApiProblem requestTimeout(Duration bound) {
        return new ApiProblem(HttpStatus.REQUEST_TIMEOUT, "Request timeout",
                "The request body did not arrive within " + bound.toMillis() + " ms.", null, null,
                Map.of("timeout_ms", bound.toMillis()));
    }

    public static ApiProblem tooManyRequests(Duration retryAfter) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                "The rate limit for this client is exhausted; retry after the time given in Retry-After.",
                retryAfter, null, null);
    }

    public static ApiProblem unavailable(String detail, Duration retryAfter) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, retryAfter, null, null);
    }

    /**
     * The problem's RFC 9457 body: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} (the
     * request's path, left out when the request has none to name), {@code request_id}, {@code errors} for invalid
     * values, then the problem's own members.
     */
    public Map<String, Object> body(String instance, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:streamgate:problem:" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", getMessage());
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("request_id", requestId);
        if (!violations.isEmpty()) {
            body.put("errors", violations);
        }
        properties.forEach(body::putIfAbsent);
        return body;
    }

    /** The same problem with another status (its body, title and violations unchanged). */
    public ApiProblem withStatus(HttpStatus other) {
        return new ApiProblem(other, title, getMessage(), retryAfter, violations, properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
