package io.streamgate.platform.avro;

/** {@link SchemaRegistryConnectionDetails} from {@code streamgate.schema-registry.url}, when nothing else provides one. */
record PropertiesSchemaRegistryConnectionDetails(String url) implements SchemaRegistryConnectionDetails {
}
