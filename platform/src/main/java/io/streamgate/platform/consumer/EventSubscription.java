package io.streamgate.platform.consumer;

import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;

import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How a feature consumes a catalogue topic: declare one as a bean and the platform runs a listener container for it
 * (settings from {@code spring.kafka.*} and {@code streamgate.consumer.*}): values read through the registry,
 * idempotent processing keyed by {@code (group, eventId)}, offsets committed after the transaction, poison records to
 * {@code <topic>.DLT}, transient failures retried with back-off, metrics, lag and health.
 *
 * @param group    the consumer group id; also the scope of applied event ids
 * @param topic    the catalogue topic (String keys)
 * @param eventId  the id of an event (e.g. {@code OrderEvent::getEventId}); a redelivered event has the same id
 * @param handler  what to do with the events
 */
public record EventSubscription<V extends SpecificRecord>(String group, Topic<String, V> topic,
                                                          Function<V, ?> eventId, EventHandler<V> handler) {

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public EventSubscription {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(handler, "handler");
        if (!GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException("A consumer group id is 1-200 characters of [A-Za-z0-9._-]: " + group);
        }
    }

    public static <V extends SpecificRecord> EventSubscription<V> of(String group, Topic<String, V> topic,
                                                                     Function<V, ?> eventId, EventHandler<V> handler) {
        return new EventSubscription<>(group, topic, eventId, handler);
    }
}
