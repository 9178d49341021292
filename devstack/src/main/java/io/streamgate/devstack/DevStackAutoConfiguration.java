package io.streamgate.devstack;

import io.streamgate.platform.avro.SchemaRegistryConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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
 * <p>
 * It also registers the SSL bundle the edge serves HTTPS with ({@code streamgate.http.tls.bundle}, {@code edge}) when
 * the configuration does not define one: the stack's server certificate for localhost, made by its local CA
 * ({@link DevCertificates}, {@code <data-dir>/tls}) before any service starts, so the development run serves HTTPS
 * beside its plain ports and {@code curl --cacert data/tls/ca.pem https://localhost:8443/health} trusts it.
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
    static final String EDGE_BUNDLE_PROPERTY = "streamgate.http.tls.bundle";

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

    /** The development run's HTTPS certificate, unless the configuration names its own bundle of that name. */
    @Bean
    @ConditionalOnBooleanProperty(name = "streamgate.devstack.tls.enabled", matchIfMissing = true)
    SslBundleRegistrar devStackEdgeBundle(DevStackProperties properties, Environment environment) {
        String name = environment.getProperty(EDGE_BUNDLE_PROPERTY, "edge");
        Binder binder = Binder.get(environment);
        boolean configured = Stream.of("pem", "jks").anyMatch(type -> binder.bind("spring.ssl.bundle." + type + "."
                + name, Bindable.mapOf(String.class, Object.class)).isBound());
        return registry -> {
            if (configured) {
                return;
            }
            Path dataDir = properties.shared() ? DevStack.sharedDirectory() : properties.dataDir();
            DevCertificates certificates = DevCertificates.in(DevStack.tlsDirectory(dataDir.toAbsolutePath()));
            PemSslStoreDetails server = PemSslStoreDetails.forCertificate(certificates.serverCertificate().toString())
                    .withPrivateKey(certificates.serverKey().toString());
            registry.registerBundle(name, SslBundle.of(new PemSslStoreBundle(server, null), null,
                    SslOptions.of(null, new String[]{"TLSv1.3", "TLSv1.2"})));
        };
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
