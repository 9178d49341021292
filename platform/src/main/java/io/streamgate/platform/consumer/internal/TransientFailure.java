package io.streamgate.platform.consumer.internal;

/**
 * Marks a failure of the environment (database, registry) rather than of the record: the error handler retries it with
 * back-off and never sends the record to the dead-letter topic.
 */
final class TransientFailure extends RuntimeException {

    TransientFailure(Throwable cause) {
        super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause, false, false);
    }
}
