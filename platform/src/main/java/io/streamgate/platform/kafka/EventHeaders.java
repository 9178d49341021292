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
    /**
     * On a dead letter: which record of which consumer group it is, {@code <topic>-<partition>@<offset>:<group>}
     * (UTF-8). Every copy of one dead letter carries the same value (the send and the offset commit are two steps, so
     * a crash between them sends the record again), and no other dead letter does: readers deduplicate on it.
     */
    public static final String DEAD_LETTER_ID = "dead-letter-id";

    private EventHeaders() {
    }
}
