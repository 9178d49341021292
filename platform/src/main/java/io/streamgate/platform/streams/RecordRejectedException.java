package io.streamgate.platform.streams;

/**
 * An input record that breaks a processor's own rules and can never be processed, whenever and however often it is
 * tried: the one processing failure a Kafka Streams application of the platform treats as poison. The record goes to
 * the application's dead-letter topic and the task goes on with the next record.
 * <p>
 * Throw it before the record had any effect (no state change, nothing forwarded): the task goes on, so what the record
 * did before the throw would be committed with it. Any other exception a processor throws (a store, a serializer, the
 * registry, a bug) fails the task, which is then retried from its last commit: see {@link StreamsApplications}.
 */
public class RecordRejectedException extends RuntimeException {

    public RecordRejectedException(String message) {
        super(message);
    }
}
