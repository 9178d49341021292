package io.streamgate.platform.apidocs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the OpenAPI document ({@code /v3/api-docs}) says about the service ({@code streamgate.api-docs.*}); its
 * version is the build's ({@code META-INF/build-info.properties}).
 *
 * @param title       the service's name
 * @param description what it does, for the reader of the document and of a client generated from it
 */
@ConfigurationProperties("streamgate.api-docs")
record ApiDocsSettings(
        @DefaultValue("Streamgate") String title,
        @DefaultValue("HTTP services that publish events to Apache Kafka as Avro records (schemas in the registry) and "
                + "serve what consumers made of them. Errors are RFC 9457 problem+json.") String description) {
}
