/**
 * Kafka Streams for features: {@link io.streamgate.platform.streams.StreamsApplications} turns a topology method into
 * a {@link io.streamgate.platform.streams.ManagedKafkaStreams} that runs inside the application (started once the
 * catalogue's topics exist, stopped cleanly, metrics bound, {@code /health} down while it is not RUNNING), with settings
 * built from the platform's Kafka settings ({@link io.streamgate.platform.streams.KafkaStreamsSettings}):
 * {@code exactly_once_v2}, the state directory, the commit interval.
 */
package io.streamgate.platform.streams;
