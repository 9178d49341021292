/**
 * Kafka for every system. API: {@link io.streamgate.platform.kafka.EventPublisher} (one shared idempotent producer,
 * {@code acks=all}, short timeouts), {@link io.streamgate.platform.kafka.Delivery}, the typed {@link
 * io.streamgate.platform.kafka.PublishException}, {@link io.streamgate.platform.kafka.EventHeaders}, the connection's
 * state ({@link io.streamgate.platform.kafka.KafkaClientStatus}, {@link io.streamgate.platform.kafka.KafkaAvailability}),
 * the base of every client's configuration ({@link io.streamgate.platform.kafka.KafkaClientSettings}), topic
 * provisioning ({@link io.streamgate.platform.kafka.TopicProvisioner}) and the settings {@code streamgate.kafka.*} and
 * {@code streamgate.topics.*}. The publisher, its metrics ({@code streamgate.produce.*}) and the {@code kafka} health
 * indicator are package-private.
 *
 * <h2>Dead-letter topics</h2>
 * Every catalogue topic {@code T} has a dead-letter topic {@code Topics.deadLetterOf(T)} ({@code T.DLT}), created with
 * it and with the same partition count (unless overridden), so a dead letter can keep its original partition. The
 * platform's consumer side ({@code io.streamgate.platform.consumer}) writes poison records there with Spring Kafka's
 * {@code DeadLetterPublishingRecoverer}: original key and value bytes unchanged, the standard {@code kafka_dlt-*}
 * headers (original topic, partition, offset, timestamp, consumer group, exception class and message).
 */
package io.streamgate.platform.kafka;
