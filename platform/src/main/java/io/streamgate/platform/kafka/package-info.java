/**
 * Kafka for every system: one shared idempotent producer behind {@link io.streamgate.platform.kafka.EventPublisher}
 * ({@code acks=all}, short timeouts, typed {@link io.streamgate.platform.kafka.PublishException} failures, metrics
 * {@code streamgate.produce.*}), {@link io.streamgate.platform.kafka.KafkaAvailability} (readiness, fast 503s, self
 * recovery), explicit topic creation ({@link io.streamgate.platform.kafka.TopicProvisioner}, {@code streamgate.topics.*})
 * and client settings for the consumers to come ({@link io.streamgate.platform.kafka.KafkaClientSettings}).
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
