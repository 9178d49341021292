package io.streamgate.platform.edge;

import io.streamgate.platform.problems.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import java.util.stream.Collectors;

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

    @Bean
    RequestIdFilter requestIdFilter(ObjectProvider<ServerAssignedRequestIds> serverAssigned) {
        return new RequestIdFilter(serverAssigned.orderedStream()
                .flatMap(routes -> routes.paths().stream())
                .collect(Collectors.toUnmodifiableSet()));
    }

    @Bean
    CorsFilter corsFilter(CorsSettings settings) {
        return new CorsFilter(settings);
    }

    @Bean
    BodySizeLimitFilter bodySizeLimitFilter(HttpSettings settings) {
        return new BodySizeLimitFilter(settings);
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
    ProblemWebExceptionHandler problemWebExceptionHandler(Problems problems, JsonMapper jsonMapper,
                                                          ObjectProvider<SeedValidationStatus> seedRoutes) {
        return new ProblemWebExceptionHandler(problems, jsonMapper, seedRoutes.orderedStream()
                .flatMap(routes -> routes.paths().stream())
                .collect(Collectors.toUnmodifiableSet()));
    }
}
