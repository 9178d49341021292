package io.streamgate.platform.health;

import io.streamgate.platform.avro.SchemaRegistryProperties;
import io.streamgate.platform.avro.internal.SchemaRegistryClient;
import io.streamgate.platform.health.internal.KafkaHealthIndicator;
import io.streamgate.platform.health.internal.SchemaRegistryHealthIndicator;
import io.streamgate.platform.kafka.KafkaPlatformAutoConfiguration;
import io.streamgate.platform.kafka.internal.KafkaAvailability;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Duration;

/**
 * The {@code kafka} and {@code schemaRegistry} health indicators, and Boot's {@code db} indicator run as a shared
 * check. The blocking ones ({@code schemaRegistry}, {@code db}) are {@link SharedHealthIndicator}s, so that a client
 * that gives up on {@code /health} or {@code /actuator/health} never interrupts them.
 */
@AutoConfiguration(after = KafkaPlatformAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@EnableConfigurationProperties(HealthSettings.class)
@Import(ServiceHealthController.class)
public class PlatformHealthAutoConfiguration {

    /** The bean name of Boot's database indicator ({@code DataSourceHealthContributorAutoConfiguration}). */
    static final String DATABASE_CONTRIBUTOR = "dbHealthContributor";

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
    SharedHealthIndicator schemaRegistryHealthIndicator(SchemaRegistryClient client,
                                                        SchemaRegistryProperties properties,
                                                        HealthSettings settings) {
        return new SharedHealthIndicator("schemaRegistry",
                new SchemaRegistryHealthIndicator(client, properties.requestTimeout()),
                properties.healthCacheTtl(), settings.checkWait());
    }

    /**
     * Boot's {@code db} indicator validates a pooled connection ({@code isValid(0)}: no timeout of its own) on the
     * caller's thread, which the actuator's endpoint interrupts when its client goes away. Run it as a shared check
     * instead: never interrupted, one run for all the callers that arrive meanwhile, and a bounded wait. Not cached
     * ({@code ttl} zero): every caller that arrives after a run gets a fresh one.
     */
    @Bean
    static BeanPostProcessor sharedDatabaseHealthCheck(ObjectProvider<HealthSettings> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (DATABASE_CONTRIBUTOR.equals(beanName) && bean instanceof HealthIndicator indicator
                        && !(bean instanceof SharedHealthIndicator)) {
                    return new SharedHealthIndicator("db", indicator, Duration.ZERO, settings.getObject().checkWait());
                }
                return bean;
            }
        };
    }
}
