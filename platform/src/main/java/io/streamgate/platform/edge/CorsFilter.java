package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CORS once for every browser route systems declare ({@link Routes.Route#fromBrowsers}), with Spring's own {@link DefaultCorsProcessor} doing the
 * checks (it is {@code CorsWebFilter} in all but one respect): a preflight from an allowed origin is answered here, a
 * request from an allowed origin gets the CORS headers and goes on, and a cross-origin request from any other origin
 * is refused with a 403 problem that carries no CORS header, so the browser hides it and nothing runs. Same-origin
 * requests (the app's own pages) are left alone. Runs right after the request id, before rate limits and body limits.
 * <p>
 * Where it departs from {@code CorsWebFilter}: a refusal is an {@link ApiProblem}, rendered like every other error,
 * instead of an empty 403.
 */
class CorsFilter implements EdgeFilter {

    static final int ORDER = RequestIdFilter.ORDER + 5;

    private final CorsConfigurationSource source;
    private final CorsProcessor processor = new DefaultCorsProcessor();

    CorsFilter(CorsSettings settings, Map<String, Set<String>> browserRoutes) {
        UrlBasedCorsConfigurationSource routes = new UrlBasedCorsConfigurationSource();
        browserRoutes.forEach((path, methods) -> routes.registerCorsConfiguration(path,
                configuration(methods, settings)));
        this.source = routes;
    }

    static CorsConfiguration configuration(Set<String> methods, CorsSettings settings) {
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.setAllowedOrigins(settings.allowedOrigins());
        configuration.setAllowedMethods(List.copyOf(methods));
        configuration.setAllowedHeaders(settings.allowedHeaders());
        configuration.setExposedHeaders(settings.exposedHeaders());
        configuration.setAllowCredentials(false);
        configuration.setMaxAge(settings.maxAge());
        return configuration;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        CorsConfiguration configuration = source.getCorsConfiguration(exchange);
        if (configuration == null) {
            return chain.filter(exchange);
        }
        if (!processor.process(configuration, exchange)) {
            return Mono.error(new ApiProblem(HttpStatus.FORBIDDEN, "Cross-origin request refused",
                    "Origin " + exchange.getRequest().getHeaders().getOrigin()
                            + " may not call this route (or not with this method or these headers).",
                    null, null, null));
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return Mono.empty();
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
