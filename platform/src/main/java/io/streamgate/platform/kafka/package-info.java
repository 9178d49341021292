/**
 * Kafka for every system: one shared idempotent producer behind {@link io.streamgate.platform.kafka.EventPublisher}
 * ({@code acks=all}, short timeouts, typed {@link io.streamgate.platform.kafka.PublishException} failures, metrics
 * {@code streamgate.produce.*}), {@link io.streamgate.platform.kafka.KafkaAvailability} (readiness, fast 503s, self
 * recovery), explicit topic creation ({@link io.streamgate.platform.kafka.TopicProvisioner}, {@code streamgate.topics.*})
 * and client settings for consumers ({@link io.streamgate.platform.kafka.KafkaClientSettings}).
 *
 * <h2>Dead-letter topics</h2>
 * Every catalogue topic {@code T} has a dead-letter topic {@code Topics.deadLetterOf(T)} ({@code T.DLT}), created with
 * it and with the same partition count (unless overridden), so a dead letter can keep its original partition. The
 * platform's consumer side ({@code io.streamgate.platform.consumer}) writes poison records there with Spring Kafka's
 * {@code DeadLetterPublishingRecoverer}: original key and value bytes unchanged, the standard {@code kafka_dlt-*}
 * headers (original topic, partition, offset, timestamp, consumer group, exception class and message).
 */
package io.streamgate.platform.kafka;
