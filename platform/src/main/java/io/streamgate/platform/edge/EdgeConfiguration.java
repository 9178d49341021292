package io.streamgate.platform.edge;

import io.streamgate.platform.problems.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;


/**
 * The HTTP edge every request passes: the connection guard on every listener, the request checks (request id, CORS,
 * rate limit, body size and body read time) as one filter, and problem+json rendering of every failure.
 */
@AutoConfiguration
@EnableConfigurationProperties({HttpSettings.class, CorsSettings.class})
public class EdgeConfiguration {

    /**
     * Request id, CORS, rate limit, body size and body read timeout, run as one {@code WebFilter}; while HTTPS is
     * served, {@code Strict-Transport-Security} too.
     */
    @Bean
    EdgeFilters edgeFilters(ObjectProvider<EdgeFilter> filters, HttpsListeners https, HttpSettings settings) {
        List<EdgeFilter> all = new ArrayList<>(filters.stream().toList());
        if (https.served()) {
            all.add(new StrictTransportSecurityFilter(settings.tls().strictTransportSecurity()));
        }
        return new EdgeFilters(all);
    }

    /** Every system's route declarations, as the filters and the problem renderer read them. */
    @Bean
    RouteTable routeTable(ObjectProvider<Routes> declarations, HttpSettings settings,
                          ObjectProvider<RequestMappingHandlerMapping> handlerMappings) {
        return new RouteTable(declarations.orderedStream().toList(), settings, handlerMappings);
    }

    @Bean
    RequestIdFilter requestIdFilter(RouteTable routes) {
        return new RequestIdFilter(routes.serverAssignedRequestIds());
    }

    @Bean
    CorsFilter corsFilter(CorsSettings settings, RouteTable routes) {
        return new CorsFilter(settings, routes.browserRoutes());
    }

    @Bean
    BodySizeLimitFilter bodySizeLimitFilter(HttpSettings settings, RouteTable routes) {
        return new BodySizeLimitFilter(settings, routes);
    }

    @Bean
    BodyReadTimeoutFilter bodyReadTimeoutFilter(HttpSettings settings) {
        return new BodyReadTimeoutFilter(settings);
    }

    /** Applies to every listener: {@link AdditionalPort} builds its server through the same customizers. */
    @Bean
    ConnectionGuard connectionGuard(HttpSettings settings, MeterRegistry meters, JsonMapper jsonMapper) {
        return new ConnectionGuard(settings, meters, jsonMapper);
    }

    /** Which listeners serve HTTPS, from which SSL bundle; on every listener's factory. */
    @Bean
    HttpsListeners httpsListeners(HttpSettings settings, ObjectProvider<SslBundles> bundles) {
        return new HttpsListeners(settings, bundles.getIfAvailable());
    }

    /** The HTTPS listener beside the plain ones ({@code streamgate.http.tls.port}); off when there is none. */
    @Bean
    AdditionalPort httpsPort(HttpsListeners https) {
        return new AdditionalPort("HTTPS", https.besidePort(), https);
    }

    @Bean
    @ConditionalOnProperty(name = "streamgate.http.rate-limit.enabled", havingValue = "true", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(HttpSettings settings, MeterRegistry meters) {
        return new RateLimitFilter(settings.rateLimit(), meters);
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(Problems problems, JsonMapper jsonMapper, RouteTable routes) {
        return new ProblemWebExceptionHandler(problems, jsonMapper, routes.badRequestForInvalidInput());
    }
}
