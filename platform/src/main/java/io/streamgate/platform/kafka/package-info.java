/**
 * Kafka for every system. The API: {@link io.streamgate.platform.kafka.EventPublisher} (one shared idempotent producer,
 * {@code acks=all}, short timeouts), {@link io.streamgate.platform.kafka.Delivery}, the typed
 * {@link io.streamgate.platform.kafka.PublishException}, and the settings {@code streamgate.kafka.*} and
 * {@code streamgate.topics.*}. The implementation (publisher, availability probe, topic provisioning, metrics
 * {@code streamgate.produce.*}, client configurations) is in {@code kafka.internal}.
 *
 * <h2>Dead-letter conventions (for the consumers to come)</h2>
 * Every catalogue topic {@code T} has a dead-letter topic {@code Topics.deadLetterOf(T)} ({@code T.DLT}), created with
 * it and with the same partition count (unless overridden), so a dead letter can keep its original partition. A
 * consumer sends a record there when it cannot be deserialized (wrap the {@code AvroDeserializer} in Spring Kafka's
 * {@code ErrorHandlingDeserializer}) or when processing fails for good (a poison record, after bounded retries), using
 * Spring Kafka's {@code DeadLetterPublishingRecoverer} with a resolver to {@code deadLetterOf(record.topic())}. The
 * dead letter carries the original key and value bytes unchanged and the standard {@code kafka_dlt-*} headers (original
 * topic, partition, offset, timestamp, exception class and message); offsets are committed only after the record is
 * processed or dead-lettered. Dead-letter topics are written with byte-array serializers, never re-encoded.
 */
package io.streamgate.platform.kafka;
