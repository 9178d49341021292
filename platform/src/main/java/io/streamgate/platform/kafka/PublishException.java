package io.streamgate.platform.kafka;

/**
 * Why a publish failed, and whether the record may have been written all the same ({@link #mayHaveBeenWritten()}).
 * Unchecked; carries no stack trace of its own (the cause has one), because during an outage it is created for every
 * request.
 */
public class PublishException extends RuntimeException {

    public enum Kind {
        /** Kafka is known to be unreachable (or the publisher is closed). Retriable: 503. */
        KAFKA_UNAVAILABLE(true),
        /** The producer buffer is (nearly) full, or the cold-path queue is. Retriable: 503. */
        BUFFER_FULL(true),
        /**
         * No ack in time: the request's answer deadline ({@code streamgate.kafka.answer-timeout}) passed while the
         * producer still tries, or the producer gave up ({@code delivery.timeout.ms}). The record may or may not have
         * been written. Retriable: 503.
         */
        TIMEOUT(true),
        /** The Schema Registry is unreachable and the schema id is not cached yet. Retriable: 503. */
        REGISTRY_UNAVAILABLE(true),
        /** The value cannot be serialized (incompatible schema, invalid datum). A bug or a deployment problem. */
        SERIALIZATION(false),
        /** The broker rejected the record for good: too large, invalid or unknown topic, not authorized, ... */
        REJECTED(false);

        private final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        boolean retriable() {
            return retriable;
        }
    }

    private final Kind kind;
    private final String topic;
    private final boolean mayHaveBeenWritten;

    /** A failure whose kind says whether the record may have been written: only a {@link Kind#TIMEOUT} may. */
    public PublishException(Kind kind, String topic, String message, Throwable cause) {
        this(kind, topic, message, cause, kind == Kind.TIMEOUT);
    }

    /**
     * @param mayHaveBeenWritten whether the record may be in the topic all the same: {@code false} only when nothing
     *                           was written for sure (refused before it reached the producer, or rejected by the broker
     *                           for what the record is)
     */
    public PublishException(Kind kind, String topic, String message, Throwable cause, boolean mayHaveBeenWritten) {
        super(message, cause, true, false);
        this.kind = kind;
        this.topic = topic;
        this.mayHaveBeenWritten = mayHaveBeenWritten;
    }

    public Kind kind() {
        return kind;
    }

    public String topic() {
        return topic;
    }

    /**
     * Whether the record may be in the topic although the publish failed: the outcome is unknown (no answer in time, a
     * connection lost after the record was sent, the producer closed with it in flight). {@code false} means nothing
     * was written: the record was refused before it reached the producer (Kafka known down, buffer full, registry down,
     * serialization) or the broker rejected it for what it is (too large, invalid, not authorized).
     */
    public boolean mayHaveBeenWritten() {
        return mayHaveBeenWritten;
    }

    /**
     * Whether the same publish may succeed later, as its kind says: the one decision, which the HTTP answer follows
     * (503 with {@code Retry-After}, else 500).
     */
    public boolean isRetriable() {
        return kind.retriable();
    }
}
