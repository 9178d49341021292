package io.streamgate.platform.security;

import io.streamgate.platform.edge.HttpSettings;
import io.streamgate.platform.edge.Routes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/**
 * Authentication and authorization on the edge, when {@code streamgate.security.enabled=true} (the {@code prod}
 * profile's default; off in the development run so the seeds' curls work verbatim). Spring Security's reactive
 * resource-server pieces check bearer tokens; API keys are checked against Postgres. Not Spring Security's own
 * {@code WebFilterChainProxy}: the check runs as one of the edge's filters, ordered between CORS and the rate limit,
 * at the cost of a method call (see docs/architecture.md, security).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "streamgate.security.enabled")
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {

    /** Open also with authentication on: probes, metrics, the API description and its UI, static assets. */
    static final List<String> OPEN_PREFIXES = List.of("/health", "/livez", "/readyz", "/actuator", "/v3/api-docs",
            "/swagger-ui", "/swagger-ui.html", "/webjars", "/favicon.ico");

    @Bean
    AccessPolicy accessPolicy(ObjectProvider<Routes> routes) {
        return new AccessPolicy(routes.orderedStream().toList(), OPEN_PREFIXES);
    }

    @Bean
    SecurityFilter securityFilter(AccessPolicy policy, SecuritySettings settings, ObjectProvider<DataSource> dataSource,
                                  HttpSettings http) {
        BearerTokens bearer = settings.jwt().configured() ? new BearerTokens(settings.jwt()) : null;
        DataSource database = dataSource.getIfAvailable();
        ApiKeys keys = database == null ? null : new ApiKeys(new ApiKeyStore(JdbcClient.create(database))::find,
                settings.apiKeys().cacheTtl(), Clock.systemUTC());
        if (bearer == null && keys == null) {
            throw new IllegalStateException("streamgate.security.enabled=true, but no way to authenticate: set "
                    + "streamgate.security.jwt.issuer-uri or jwk-set-uri, or give the application a database for "
                    + "API keys");
        }
        if (!settings.apiKeys().header().equalsIgnoreCase(http.rateLimit().clientHeader())) {
            // The rate limit would count a client by a header that authentication does not read.
            throw new IllegalStateException("streamgate.security.api-keys.header and "
                    + "streamgate.http.rate-limit.client-header must name the same header");
        }
        return new SecurityFilter(policy, keys, bearer, settings.apiKeys().header());
    }

    /** The API description declares both schemes, so the Swagger UI can authorize, and marks open operations. */
    @Bean
    OpenApiCustomizer securitySchemes(SecuritySettings settings, AccessPolicy policy) {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                            .scheme("bearer").bearerFormat("JWT")
                            .description("An access token of the configured OAuth2 / OIDC issuer"))
                    .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                            .in(SecurityScheme.In.HEADER).name(settings.apiKeys().header())
                            .description("An API key from `java -jar streamgate-app.jar api-keys create`"));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                AccessPolicy.Need need = policy.need(path, method.name());
                if (need.open()) {
                    operation.setSecurity(List.of());
                    return;
                }
                List<String> scopes = need.scope() == null ? List.of() : List.of(need.scope());
                operation.setSecurity(List.of(new SecurityRequirement().addList("bearer", scopes),
                        new SecurityRequirement().addList("apiKey", scopes)));
            }));
        };
    }
}
