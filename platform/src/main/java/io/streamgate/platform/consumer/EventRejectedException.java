package io.streamgate.platform.consumer;

import java.util.Objects;

/**
 * An event that breaks the handler's own rules and can never be applied: a poison record. Thrown by an
 * {@link EventHandler}; the record goes to the topic's dead-letter topic with this message as
 * {@code kafka_dlt-exception-message}.
 */
public class EventRejectedException extends RuntimeException {

    private final transient ConsumedEvent<?> event;

    public EventRejectedException(ConsumedEvent<?> event, String reason) {
        super(reason, null, false, false);
        this.event = Objects.requireNonNull(event, "event");
    }

    public ConsumedEvent<?> event() {
        return event;
    }
}
