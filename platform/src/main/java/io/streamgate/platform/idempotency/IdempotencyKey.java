package io.streamgate.platform.idempotency;

import io.streamgate.platform.problems.ApiProblem;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A client's {@code Idempotency-Key} within its scope (route and client identity).
 *
 * @param scope the route and client the key belongs to, e.g. {@code POST /payments|key:team-a}
 * @param value the key the client sent
 */
public record IdempotencyKey(String scope, String value) {

    public static final String HEADER = "Idempotency-Key";

    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** Parses the header; a key that is blank, too long or not visible ASCII is the client's error (400). */
    public static IdempotencyKey of(String scope, String headerValue) {
        if (headerValue == null || !ACCEPTABLE.matcher(headerValue).matches()) {
            throw ApiProblem.badRequest(HEADER + " must be 1 to 255 visible ASCII characters.");
        }
        return new IdempotencyKey(scope, headerValue);
    }

    /**
     * A UUID derived from the key: an entity created under it gets the same id on every retry, so that even a
     * retry after an ambiguous failure (a timeout after the write happened) carries the same id downstream and
     * consumers can drop the duplicate.
     */
    public UUID derivedUuid() {
        return UUID.nameUUIDFromBytes((scope + '\n' + value).getBytes(StandardCharsets.UTF_8));
    }
}
