package io.streamgate.platform.avro;

import io.streamgate.platform.avro.internal.SchemaRegistryClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The shared {@link SchemaRegistryClient} (one per application: its caches are the point) and the Kafka Streams
 * {@link AvroSerdes} factory. The registry address comes from a {@link SchemaRegistryConnectionDetails} bean (the dev
 * stack contributes one) or from {@code streamgate.schema-registry.url}. Off with {@code streamgate.kafka.enabled=false}.
 */
// After the dev stack (which runs before KafkaAutoConfiguration), so its SchemaRegistryConnectionDetails wins.
@AutoConfiguration(after = KafkaAutoConfiguration.class, afterName = "io.streamgate.devstack.DevStackAutoConfiguration")
@ConditionalOnBooleanProperty(name = "streamgate.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SchemaRegistryProperties.class)
public class AvroAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SchemaRegistryConnectionDetails.class)
    @ConditionalOnProperty("streamgate.schema-registry.url")
    PropertiesSchemaRegistryConnectionDetails schemaRegistryConnectionDetails(SchemaRegistryProperties properties) {
        return new PropertiesSchemaRegistryConnectionDetails(properties.url());
    }

    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClient schemaRegistryClient(org.springframework.beans.factory.ObjectProvider<SchemaRegistryConnectionDetails> details,
                                              SchemaRegistryProperties properties) {
        SchemaRegistryConnectionDetails connection = details.getIfAvailable();
        if (connection == null || connection.url() == null || connection.url().isBlank()) {
            throw new IllegalStateException("No Schema Registry configured: set streamgate.schema-registry.url "
                    + "(env SCHEMA_REGISTRY_URL, e.g. http://registry:8081 or http://apicurio:8080/apis/ccompat/v7) "
                    + "or run with the dev stack");
        }
        return new SchemaRegistryClient(connection.url(), properties.connectTimeout(), properties.requestTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    AvroSerdes avroSerdes(SchemaRegistryClient client, SchemaRegistryProperties properties) {
        return new AvroSerdes(client, properties.mode());
    }
}
