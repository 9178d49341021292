/**
 * The consumer side of the platform. A feature declares an {@link io.streamgate.platform.consumer.EventSubscription}
 * bean (group, catalogue topic, event id, {@link io.streamgate.platform.consumer.EventHandler}) and the platform does
 * the rest: a Spring for Apache Kafka batch listener container built from the platform's Kafka settings, Avro values
 * read through the registry, the handler's writes and the applied event ids in one database transaction, offsets
 * committed only after it, poison records once to {@code <topic>.DLT} with Spring Kafka's {@code kafka_dlt-*} headers,
 * transient failures retried with back-off, metrics {@code streamgate.consumer.*}, and the {@code consumers} health
 * indicator (stuck or unassigned consumers). The implementation is in {@code internal}.
 */
package io.streamgate.platform.consumer;
