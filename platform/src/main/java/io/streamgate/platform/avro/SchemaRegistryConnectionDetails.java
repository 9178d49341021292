package io.streamgate.platform.avro;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where the Confluent-compatible Schema Registry REST API lives, e.g. {@code http://127.0.0.1:8081/apis/ccompat/v7}
 * for Apicurio or {@code http://registry:8081} for Confluent. The embedded dev stack contributes one; otherwise it
 * comes from {@code streamgate.schema-registry.url} ({@code SCHEMA_REGISTRY_URL}).
 */
public interface SchemaRegistryConnectionDetails extends ConnectionDetails {

    String url();
}
