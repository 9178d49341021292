package io.streamgate.platform.edge;

import io.streamgate.platform.problems.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;


/**
 * The HTTP edge every request passes: the connection guard on every listener, the request checks (request id, CORS,
 * rate limit, body size and body read time) as one filter, and problem+json rendering of every failure.
 */
@AutoConfiguration
@EnableConfigurationProperties({HttpSettings.class, CorsSettings.class})
public class EdgeConfiguration {

    /** Request id, CORS, rate limit, body size and body read timeout, run as one {@code WebFilter}. */
    @Bean
    EdgeFilters edgeFilters(ObjectProvider<EdgeFilter> filters) {
        return new EdgeFilters(filters.stream().toList());
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
