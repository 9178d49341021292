/**
 * Avro in Confluent's wire format (magic byte 0, 4-byte big-endian schema id, Avro binary) against any registry that
 * speaks the Confluent Schema Registry REST API: {@link io.streamgate.platform.avro.SchemaRegistryClient} (caching,
 * typed failures), {@link io.streamgate.platform.avro.AvroSerializer} / {@link io.streamgate.platform.avro.AvroDeserializer}
 * (topic-name subject strategy, {@link io.streamgate.platform.avro.SchemaRegistryMode} AUTO_REGISTER or USE_LATEST) and
 * Kafka Streams serdes ({@link io.streamgate.platform.avro.AvroSerdes}). Configuration: {@code streamgate.schema-registry.*}.
 * Beans: {@link io.streamgate.platform.avro.AvroAutoConfiguration} (one shared client; its caches are the point).
 */
package io.streamgate.platform.avro;
