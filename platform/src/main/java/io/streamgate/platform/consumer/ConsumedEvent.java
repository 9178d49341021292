package io.streamgate.platform.consumer;

import java.time.Instant;

/**
 * One decoded record handed to an {@link EventHandler}: the value read through the registry by the schema id in the
 * record, with where it came from.
 *
 * @param eventId    the event's own id (from {@link EventSubscription#eventId()}); the platform applies an id once per
 *                   consumer group
 * @param key        the record key as UTF-8, or null
 * @param value      the decoded value (never null: a tombstone is a poison record)
 * @param topic      the topic it was read from
 * @param partition  its partition
 * @param offset     its offset
 * @param timestamp  the record timestamp
 */
public record ConsumedEvent<V>(String eventId, String key, V value, String topic, int partition, long offset,
                               Instant timestamp) {
}
