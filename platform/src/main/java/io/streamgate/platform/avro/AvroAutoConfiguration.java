package io.streamgate.platform.avro;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import io.streamgate.platform.health.HealthSettings;
import io.streamgate.platform.health.SharedHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.ssl.SslBundles;

import javax.net.ssl.SSLContext;

/**
 * The shared {@link SchemaRegistryClient} (one per application: its caches are the point) and the Kafka Streams
 * {@link AvroSerdes} factory. The registry address comes from a {@link SchemaRegistryConnectionDetails} bean (the dev
 * stack contributes one) or from {@code streamgate.schema-registry.url}. Off with {@code streamgate.kafka.enabled=false}.
 */
// After the dev stack (which runs before KafkaAutoConfiguration), so its SchemaRegistryConnectionDetails wins.
@AutoConfiguration(after = KafkaAutoConfiguration.class, afterName = "io.streamgate.devstack.DevStackAutoConfiguration")
@ConditionalOnBooleanProperty(name = "streamgate.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties({SchemaRegistryProperties.class, HealthSettings.class})
public class AvroAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SchemaRegistryConnectionDetails.class)
    @ConditionalOnProperty("streamgate.schema-registry.url")
    PropertiesSchemaRegistryConnectionDetails schemaRegistryConnectionDetails(SchemaRegistryProperties properties) {
        return new PropertiesSchemaRegistryConnectionDetails(properties.url());
    }

    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClient schemaRegistryClient(ObjectProvider<SchemaRegistryConnectionDetails> details,
                                              SchemaRegistryProperties properties, ObjectProvider<SslBundles> bundles) {
        SchemaRegistryConnectionDetails connection = details.getIfAvailable();
        if (connection == null || connection.url() == null || connection.url().isBlank()) {
            throw new IllegalStateException("No Schema Registry configured: set streamgate.schema-registry.url "
                    + "(env SCHEMA_REGISTRY_URL, e.g. http://registry:8081 or http://apicurio:8080/apis/ccompat/v7) "
                    + "or run with the dev stack");
        }
        SSLContext tls = null;
        if (properties.sslBundle() != null && !properties.sslBundle().isBlank()) {
            tls = bundles.getObject().getBundle(properties.sslBundle()).createSslContext();
        }
        return new SchemaRegistryClient(connection.url(), properties.connectTimeout(), properties.requestTimeout(),
                tls);
    }

    @Bean
    @ConditionalOnMissingBean
    AvroSerdes avroSerdes(SchemaRegistryClient client, SchemaRegistryProperties properties) {
        return new AvroSerdes(client, properties.mode());
    }

    /**
     * {@code schemaRegistry} in {@code /health}: a ping with a short timeout, run as a {@link SharedHealthIndicator}
     * (one run for all callers, reused for {@code health-cache-ttl}, never interrupted by a client that gives up). Not
     * in the readiness group: cached schema ids keep publishing working through a registry outage.
     */
    @Bean
    @ConditionalOnMissingBean(name = "schemaRegistryHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("schemaRegistry")
    SharedHealthIndicator schemaRegistryHealthIndicator(SchemaRegistryClient client,
                                                        SchemaRegistryProperties properties,
                                                        HealthSettings settings) {
        return new SharedHealthIndicator("schemaRegistry",
                new SchemaRegistryHealthIndicator(client, properties.requestTimeout()),
                properties.healthCacheTtl(), settings.checkWait());
    }
}
