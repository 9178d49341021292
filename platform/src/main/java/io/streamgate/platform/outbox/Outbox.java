package io.streamgate.platform.outbox;

import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;

import java.util.UUID;

/**
 * The transactional outbox: a feature appends an event in the same database transaction as the change it describes,
 * and the platform's relay publishes it to Kafka afterwards (Avro through the registry, in append order per key).
 *
 * <p>Guarantees: an event exists for every committed change and for none that rolled back; events of one key reach
 * Kafka in the order they were appended; several instances never publish the same event concurrently; after a crash
 * an event may be published again with the same event id (consumers drop duplicates by id), never lost.
 */
public interface Outbox {

    /**
     * Appends {@code event} to the outbox. Must be called inside a transaction on the application's
     * {@code DataSource} (Spring-managed: {@code @Transactional} or a {@code TransactionTemplate}); the row commits
     * or rolls back with it.
     *
     * @param topic     the catalogue topic to publish to
     * @param key       the record key; events of one key are published in append order
     * @param eventId   the event's own id, also sent as the {@code event-id} Kafka header
     * @param event     the Avro event
     * @param requestId the X-Request-ID of the change, sent as a header; may be null
     * @throws IllegalStateException when no transaction is active
     */
    <V extends SpecificRecord> void append(Topic<String, V> topic, String key, UUID eventId, V event, String requestId);
}
