package io.streamgate.platform.health;

import io.streamgate.platform.avro.SchemaRegistryProperties;
import io.streamgate.platform.avro.internal.SchemaRegistryClient;
import io.streamgate.platform.health.internal.KafkaHealthIndicator;
import io.streamgate.platform.health.internal.SchemaRegistryHealthIndicator;
import io.streamgate.platform.kafka.KafkaPlatformAutoConfiguration;
import io.streamgate.platform.kafka.internal.KafkaAvailability;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The {@code kafka} and {@code schemaRegistry} health indicators. */
@AutoConfiguration(after = KafkaPlatformAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@Import(ServiceHealthController.class)
public class PlatformHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAvailability.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAvailability availability) {
        return new KafkaHealthIndicator(availability);
    }

    @Bean
    @ConditionalOnBean(SchemaRegistryClient.class)
    @ConditionalOnMissingBean(name = "schemaRegistryHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("schemaRegistry")
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(SchemaRegistryClient client,
                                                                SchemaRegistryProperties properties) {
        return new SchemaRegistryHealthIndicator(client, properties.requestTimeout(), properties.healthCacheTtl());
    }
}
