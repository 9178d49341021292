/**
 * Avro in Confluent's wire format against any registry that speaks the Confluent Schema Registry REST API. The API is
 * small: {@link io.streamgate.platform.avro.AvroSerdes} (Kafka Streams serdes over the shared registry client),
 * {@link io.streamgate.platform.avro.SchemaRegistryMode} and the settings {@code streamgate.schema-registry.*}
 * ({@link io.streamgate.platform.avro.SchemaRegistryProperties}); {@link
 * io.streamgate.platform.avro.SchemaRegistryConnectionDetails} is how the dev stack or a test hands over an address.
 * The registry client, serializer, deserializer and wire format are the platform's implementation
 * ({@code avro.internal}); features never use them directly.
 */
package io.streamgate.platform.avro;
