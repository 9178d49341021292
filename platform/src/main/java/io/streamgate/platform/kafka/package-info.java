/**
 * Kafka for every system. The API: {@link io.streamgate.platform.kafka.EventPublisher} (one shared idempotent producer,
 * {@code acks=all}, short timeouts), {@link io.streamgate.platform.kafka.Delivery}, the typed
 * {@link io.streamgate.platform.kafka.PublishException}, and the settings {@code streamgate.kafka.*} and
 * {@code streamgate.topics.*}. The implementation (publisher, availability probe, topic provisioning, metrics
 * {@code streamgate.produce.*}, client configurations, including the base of every consumer's) is in {@code kafka.internal}.
 *
 * <h2>Dead-letter topics</h2>
 * Every catalogue topic {@code T} has a dead-letter topic {@code Topics.deadLetterOf(T)} ({@code T.DLT}), created with
 * it and with the same partition count (unless overridden), so a dead letter can keep its original partition. The
 * platform's consumer side ({@code io.streamgate.platform.consumer}) writes poison records there with Spring Kafka's
 * {@code DeadLetterPublishingRecoverer}: original key and value bytes unchanged, the standard {@code kafka_dlt-*}
 * headers (original topic, partition, offset, timestamp, consumer group, exception class and message).
 */
package io.streamgate.platform.kafka;
