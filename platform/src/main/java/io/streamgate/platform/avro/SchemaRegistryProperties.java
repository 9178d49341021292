package io.streamgate.platform.avro;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.schema-registry.*}.
 *
 * @param url  the Confluent-compatible REST API base url (used when no {@link SchemaRegistryConnectionDetails} bean
 *             exists, e.g. from the dev stack)
 * @param mode  {@code AUTO_REGISTER} (default, development) or {@code USE_LATEST} (production: registration off)
 * @param connectTimeout  TCP connect timeout of registry calls
 * @param requestTimeout  whole-request timeout of registry calls
 * @param healthCacheTtl  how long the {@code schemaRegistry} health result is reused, so probes do not hammer it
 * @param sslBundle  the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) an {@code https} registry is reached with:
 *                   its trust store names the registry's CA (its key store, if any, is a client certificate); unset:
 *                   the JVM's default trust store
 */
@ConfigurationProperties("streamgate.schema-registry")
public record SchemaRegistryProperties(
        String url,
        @DefaultValue("AUTO_REGISTER") SchemaRegistryMode mode,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("2s") Duration requestTimeout,
        @DefaultValue("1s") Duration healthCacheTtl,
        String sslBundle) {
}
