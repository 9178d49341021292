package io.streamgate.platform.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CORS for browser front ends ({@code streamgate.http.cors.*}), per route pattern. A route not listed gets no CORS
 * handling at all: server-to-server APIs stay as they are. Credentials are never allowed: no route of Streamgate
 * authenticates a browser by cookie, so a cross-origin page has nothing to borrow.
 *
 * @param allowedOrigins the origins every listed route allows unless it names its own (exact origins, e.g.
 *                       {@code http://localhost:3000})
 * @param routes         path pattern (e.g. {@code /submit-code}, {@code /orders/**}) to what that route allows
 */
@ConfigurationProperties("streamgate.http.cors")
record CorsSettings(List<String> allowedOrigins, Map<String, Route> routes) {

    public CorsSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        routes = routes == null ? Map.of() : new LinkedHashMap<>(routes);
    }

    /**
     * @param allowedOrigins  this route's origins; empty means the shared {@code allowed-origins}
     * @param allowedMethods  methods a cross-origin page may use
     * @param allowedHeaders  request headers it may send
     * @param exposedHeaders  response headers its script may read
     * @param maxAge          how long a browser may cache a preflight answer
     */
    public record Route(
            List<String> allowedOrigins,
            @DefaultValue({"GET", "HEAD", "POST"}) List<String> allowedMethods,
            @DefaultValue({"Content-Type", "X-Request-ID", "Idempotency-Key"}) List<String> allowedHeaders,
            @DefaultValue({"X-Request-ID", "Retry-After", "Location"}) List<String> exposedHeaders,
            @DefaultValue("30m") Duration maxAge) {

        public Route {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }
}
