package io.streamgate.platform.kafka;

/**
 * The Kafka headers the platform puts on the records it writes, so consumers and tools can find where a record came
 * from without decoding it.
 */
public final class EventHeaders {

    /** The request that caused the record: the HTTP request's {@code X-Request-ID}, under the same name. */
    public static final String REQUEST_ID = "X-Request-ID";
    /** The outbox event's id: a record published twice (after a relay crash) carries the same one. */
    public static final String EVENT_ID = "event-id";

    private EventHeaders() {
    }
}
