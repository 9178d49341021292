package io.streamgate.platform.problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapping from a failure to the problem the client sees. Malformed bodies are 400, well-formed bodies with
 * wrong types, nulls, unknown fields or invalid values are 422, and anything unknown is a 500 whose detail says
 * nothing about the inside.
 */
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    /** A parser limit's message: what, how much, and the limit ("Number value length (2001) exceeds ..."). */
    private static final Pattern CONSTRAINT = Pattern.compile("(.*?) \\((\\d+)\\) exceeds the maximum allowed \\((\\d+).*");
    /** NaN, Infinity and the like. */
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'.*");

    private final List<ProblemTranslator> translators;

    public Problems(List<ProblemTranslator> translators) {
        this.translators = List.copyOf(translators);
    }

    public ApiProblem toProblem(Throwable failure, String requestId) {
        ApiProblem known = find(failure, ApiProblem.class);
        if (known != null) {
            return known;
        }
        for (ProblemTranslator translator : translators) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                ApiProblem translated = translator.translate(cause);
                if (translated != null) {
                    return translated;
                }
            }
        }
        if (find(failure, DataBufferLimitException.class) != null) {
            return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    "The request body exceeds the size this endpoint accepts.", null, null, null);
        }
        if (failure instanceof UnsupportedMediaTypeStatusException unsupported) {
            return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "Content-Type must be one of " + unsupported.getSupportedMediaTypes() + ".", null, null, null);
        }
        if (failure instanceof NotAcceptableStatusException notAcceptable) {
            return new ApiProblem(HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
                    "This resource can answer with " + notAcceptable.getSupportedMediaTypes() + ".", null, null, null);
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            return new ApiProblem(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                    notAllowed.getHttpMethod() + " is not allowed here; allowed: " + notAllowed.getSupportedMethods()
                            + ".", null, null, null);
        }
        if (failure instanceof ServerWebInputException input) {
            return fromInput(input);
        }
        if (failure instanceof ResponseStatusException || failure instanceof ErrorResponse) {
            HttpStatusCode code = failure instanceof ErrorResponse response ? response.getStatusCode()
                    : ((ResponseStatusException) failure).getStatusCode();
            HttpStatus status = HttpStatus.resolve(code.value());
            if (status == HttpStatus.NOT_FOUND) {
                // The framework's reason names its internals ("No static resource ... for request 'http://...'").
                return ApiProblem.notFound("Nothing is served at this path; /v3/api-docs lists the routes.");
            }
            if (status != null && status.is4xxClientError()) {
                // Titles in the same case as every other problem's ("Not found", "Method not allowed").
                String phrase = status.getReasonPhrase();
                String title = phrase.charAt(0) + phrase.substring(1).toLowerCase(java.util.Locale.ROOT);
                return new ApiProblem(status, title, phrase + ".", null, null, null);
            }
        }
        // The request id in the message, not the MDC: the mapping knows no web exchange, and every caller passes it.
        log.error("Unexpected failure answered with 500 (request id {})", requestId, failure);
        return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The server failed to handle the request; quote request id " + requestId + " when reporting it.",
                null, null, null);
    }

    private static ApiProblem fromInput(ServerWebInputException input) {
        JacksonException json = find(input, JacksonException.class);
        if (json == null) {
            String reason = input.getReason() != null ? input.getReason() : "The request could not be read.";
            if (reason.contains("No request body")) {
                reason = "A JSON request body is required (it was empty or null).";
            }
            return ApiProblem.badRequest(reason);
        }
        return fromJson(json);
    }

    /**
     * The problem for JSON that could not be read into the expected shape: 422 naming the field for wrong types,
     * nulls, unknown fields and out-of-range numbers; 400 for JSON that is not well-formed. Also for JSON read by
     * feature code itself (e.g. the items of a batch); a root-level problem is reported as field {@code $}.
     */
    public static ApiProblem fromJson(JacksonException json) {
        String field = path(json);
        if (json instanceof UnrecognizedPropertyException unknown) {
            return ApiProblem.invalid(field, "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (json instanceof InvalidNullException) {
            return ApiProblem.invalid(field, "must not be null: send a value, or leave the field out where it is optional");
        }
        if (json instanceof StreamConstraintsException) {
            return ApiProblem.invalid(field.isEmpty() ? "$" : field, "value is too large: " + clientText(json));
        }
        if (json instanceof InputCoercionException coercion) {
            return ApiProblem.invalid(field.isEmpty() ? "$" : field, wholeNumberRange(coercion.getTargetType()));
        }
        if (json instanceof MismatchedInputException mismatch && !isTrailingContent(mismatch)
                && !isEndOfInput(mismatch)) {
            String expected = describe(mismatch.getTargetType());
            return ApiProblem.invalid(field.isEmpty() ? "$" : field,
                    expected != null ? "must be " + expected : "has the wrong type");
        }
        if (json instanceof StreamReadException || json instanceof MismatchedInputException) {
            return ApiProblem.badRequest("The body is not well-formed JSON" + where(json) + ": " + clientText(json));
        }
        return ApiProblem.badRequest("The body could not be read" + where(json) + ": " + clientText(json));
    }

    /** The range of the whole-number type a number did not fit, in words a client can act on. */
    private static String wholeNumberRange(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Short.class || type == short.class) {
            return "must be a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (type == Byte.class || type == byte.class) {
            return "must be a whole number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return "must be a smaller number";
    }

    /** Where the parser stopped, when it knows: " at line 1, column 12". */
    private static String where(JacksonException e) {
        TokenStreamLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * The parser's reason, in words for a client: its first line, without the parser's advice on its own settings
     * ("enable `JsonReadFeature...` to allow"), which would tell a client to change a server it does not run.
     */
    static String clientText(JacksonException e) {
        String text = firstLine(e);
        Matcher nonStandard = NON_STANDARD.matcher(text);
        if (nonStandard.matches()) {
            return "'" + nonStandard.group(1) + "' is not a JSON value (numbers must be finite; NaN and Infinity "
                    + "are not numbers in JSON)";
        }
        if (text.contains("plus signs")) {
            return "a JSON number must not start with '+'";
        }
        Matcher constraint = CONSTRAINT.matcher(text);
        if (constraint.matches()) {
            return constraint.group(1) + " (" + constraint.group(2) + ") exceeds the maximum allowed ("
                    + constraint.group(3) + ")";
        }
        int advice = text.indexOf('`');
        if (advice >= 0) {
            int cut = Math.max(text.lastIndexOf(": ", advice), text.lastIndexOf(" (", advice));
            text = cut > 0 ? text.substring(0, cut) : "the JSON could not be read";
        }
        return text;
    }

    private static boolean isTrailingContent(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Trailing token");
    }

    private static boolean isEndOfInput(MismatchedInputException e) {
        String message = e.getOriginalMessage();
        return message != null && message.contains("end-of-input");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class || type == int.class || type == long.class || type == short.class
                || type == byte.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "an ISO 8601 date and time with a zone offset, e.g. 2026-11-23T10:00:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO 8601 date, e.g. 2026-11-23";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }

    static String path(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
