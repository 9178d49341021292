/**
 * Avro in Confluent's wire format against any registry that speaks the Confluent Schema Registry REST API. API: {@link
 * io.streamgate.platform.avro.AvroSerdes} (Kafka Streams serdes), the shared {@link
 * io.streamgate.platform.avro.SchemaRegistryClient} with its {@link io.streamgate.platform.avro.AvroSerializer} and
 * {@link io.streamgate.platform.avro.AvroDeserializer} (the publisher and the consumers use them), the failure types
 * ({@link io.streamgate.platform.avro.SchemaRegistryException} and its kinds), {@link
 * io.streamgate.platform.avro.SchemaRegistryMode}, the settings {@code streamgate.schema-registry.*} and {@link
 * io.streamgate.platform.avro.SchemaRegistryConnectionDetails}, how the dev stack or a test hands over an address.
 * The wire format and the {@code schemaRegistry} health indicator are package-private.
 */
package io.streamgate.platform.avro;
