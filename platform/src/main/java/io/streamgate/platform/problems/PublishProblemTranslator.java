package io.streamgate.platform.problems;

import io.streamgate.platform.kafka.PublishException;
import org.springframework.http.HttpStatus;

import java.time.Duration;

/**
 * Publish failures as clients see them: a retriable one ({@link PublishException#isRetriable()}, the kind decides) is
 * a 503 with {@code Retry-After}; a record the broker or the serializer refuses for good is the service's fault (500),
 * never the client's. Here only the words are chosen: whether the event may have been written
 * ({@link PublishException#mayHaveBeenWritten()}) or surely was not.
 */
class PublishProblemTranslator implements ProblemTranslator {

    private final Duration retryAfter;

    PublishProblemTranslator(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    @Override
    public ApiProblem translate(Throwable failure) {
        if (!(failure instanceof PublishException publish)) {
            return null;
        }
        String detail = publish.mayHaveBeenWritten()
                ? (publish.kind() == PublishException.Kind.TIMEOUT ? "Kafka did not acknowledge in time"
                        : "Kafka did not confirm the event (" + publish.kind() + ")")
                        + "; the event may or may not have been written (it may still be). Retry with the same "
                        + "Idempotency-Key: the retry's event gets the same id, so consumers can drop a duplicate."
                : switch (publish.kind()) {
                    case KAFKA_UNAVAILABLE -> "Kafka is unavailable; nothing was written. Retry later.";
                    case BUFFER_FULL ->
                            "The service is saturated (producer buffer full); nothing was written. Retry later.";
                    case TIMEOUT -> "Kafka could not be reached in time; nothing was written. Retry later.";
                    case REGISTRY_UNAVAILABLE -> "The schema registry is unavailable; nothing was written. Retry later.";
                    case SERIALIZATION, REJECTED ->
                            "The event could not be written (" + publish.kind() + "); this is a fault of the service.";
                };
        if (!publish.isRetriable()) {
            return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", detail, null, null, null);
        }
        return ApiProblem.unavailable(detail, retryAfter);
    }
}
