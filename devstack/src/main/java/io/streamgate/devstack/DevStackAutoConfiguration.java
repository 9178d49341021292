package io.streamgate.devstack;

import io.streamgate.platform.avro.SchemaRegistryConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Starts the embedded services whose external address is not configured and hands their addresses to Spring Boot
 * as {@code ConnectionDetails} beans, which win over the {@code spring.*} properties:
 * <ul>
 *   <li>Kafka iff {@code spring.kafka.bootstrap-servers} is blank ({@code KAFKA_BOOTSTRAP_SERVERS});</li>
 *   <li>Postgres iff {@code spring.datasource.url} is blank ({@code DATABASE_URL});</li>
 *   <li>the registry iff {@code streamgate.schema-registry.url} is blank ({@code SCHEMA_REGISTRY_URL}); it keeps
 *       its storage in the embedded Postgres, which then runs even when the app's database is external.</li>
 * </ul>
 * The connection details beans depend on the {@link DevStack} bean, so at shutdown the producers and the
 * DataSource are closed before the stack stops. Off with {@code streamgate.devstack.enabled=false}.
 */
@AutoConfiguration(before = {KafkaAutoConfiguration.class, DataSourceAutoConfiguration.class},
        beforeName = {
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                // The platform's auto-configurations back off when a connection details bean exists.
                "io.streamgate.platform.avro.AvroAutoConfiguration",
                "io.streamgate.platform.kafka.KafkaPlatformAutoConfiguration",
                "io.streamgate.platform.database.DatabaseConfiguration",
                "io.streamgate.platform.health.PlatformHealthAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "streamgate.devstack.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DevStackProperties.class)
public class DevStackAutoConfiguration {

    static final String KAFKA_PROPERTY = "spring.kafka.bootstrap-servers";
    static final String DATASOURCE_PROPERTY = "spring.datasource.url";
    static final String REGISTRY_PROPERTY = "streamgate.schema-registry.url";

    /** Not started at all when every address is configured (production): no bean, nothing embedded. */
    @Bean(destroyMethod = "close")
    @ConditionalOnAnyBlankAddress
    DevStack devStack(DevStackProperties properties, Environment environment) {
        if (properties.shared()) {
            return DevStack.shared(properties);
        }
        return DevStack.start(properties, services(environment));
    }

    static Set<DevStack.Service> services(Environment environment) {
        Set<DevStack.Service> services = EnumSet.noneOf(DevStack.Service.class);
        if (!StringUtils.hasText(environment.getProperty(KAFKA_PROPERTY))) {
            services.add(DevStack.Service.KAFKA);
        }
        if (!StringUtils.hasText(environment.getProperty(DATASOURCE_PROPERTY))) {
            services.add(DevStack.Service.POSTGRES);
        }
        if (!StringUtils.hasText(environment.getProperty(REGISTRY_PROPERTY))) {
            services.add(DevStack.Service.REGISTRY);
        }
        return services;
    }

    @Bean
    @ConditionalOnBlankProperty(KAFKA_PROPERTY)
    KafkaConnectionDetails devStackKafkaConnectionDetails(DevStack stack) {
        List<String> bootstrapServers = stack.kafkaCluster().bootstrapServerList();
        return () -> bootstrapServers;
    }

    @Bean
    @ConditionalOnBlankProperty(DATASOURCE_PROPERTY)
    JdbcConnectionDetails devStackJdbcConnectionDetails(DevStack stack) {
        EmbeddedPostgresServer postgres = stack.postgres();
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return postgres.username();
            }

            @Override
            public String getPassword() {
                return postgres.password();
            }

            @Override
            public String getJdbcUrl() {
                return postgres.jdbcUrl();
            }
        };
    }

    @Bean
    @ConditionalOnBlankProperty(REGISTRY_PROPERTY)
    SchemaRegistryConnectionDetails devStackSchemaRegistryConnectionDetails(DevStack stack) {
        String url = stack.registryUrl();
        return () -> url;
    }
}
