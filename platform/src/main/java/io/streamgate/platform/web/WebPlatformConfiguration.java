package io.streamgate.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import tools.jackson.databind.json.JsonMapper;

import java.util.stream.Collectors;

/**
 * The web pieces every system shares: strict JSON, request ids, CORS, body limits and timeouts, connection limits,
 * rate limits and problem+json errors.
 */
@AutoConfiguration
@EnableConfigurationProperties({HttpSettings.class, CorsSettings.class})
public class WebPlatformConfiguration {

    static final int FUNCTIONAL_ROUTES_ORDER = -200;

    @Bean
    StrictJson strictJson() {
        return new StrictJson();
    }

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
    PublishProblemTranslator publishProblemTranslator(HttpSettings settings) {
        return new PublishProblemTranslator(settings.retryAfter());
    }

    @Bean
    Problems problems(ObjectProvider<ProblemTranslator> translators) {
        return new Problems(translators.orderedStream().toList());
    }

    @Bean
    BatchIngest batchIngest(JsonMapper jsonMapper, Problems problems) {
        return new BatchIngest(jsonMapper, problems);
    }

    /**
     * Functional routes ({@link JsonEndpoints}) are looked up before the actuator's endpoint mapping (order -100),
     * which would otherwise match every request against its endpoints first: a measurable share of a short request
     * (docs/benchmarks.md). No functional route shares a path with an actuator endpoint.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static BeanPostProcessor functionalRoutesFirst() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof RouterFunctionMapping mapping) {
                    mapping.setOrder(FUNCTIONAL_ROUTES_ORDER);
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    JsonEndpoints jsonEndpoints(ServerCodecConfigurer codecs) {
        return new JsonEndpoints(codecs);
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(Problems problems, JsonMapper jsonMapper,
                                                          ObjectProvider<SeedValidationStatus> seedRoutes) {
        return new ProblemWebExceptionHandler(problems, jsonMapper, seedRoutes.orderedStream()
                .flatMap(routes -> routes.paths().stream())
                .collect(Collectors.toUnmodifiableSet()));
    }
}
