package io.streamgate.platform.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * CORS for browser front ends ({@code streamgate.http.cors.*}) on the routes systems declare as browser routes
 * ({@link Routes.Route#fromBrowsers}). A route not declared gets no CORS handling at all: server-to-server APIs stay as
 * they are. Credentials are never allowed: no route of Streamgate authenticates a browser by cookie, so a cross-origin
 * page has nothing to borrow.
 *
 * @param allowedOrigins the origins allowed on every browser route (exact origins, e.g. {@code http://localhost:3000})
 * @param allowedHeaders request headers a cross-origin page may send
 * @param exposedHeaders response headers its script may read
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("streamgate.http.cors")
record CorsSettings(
        List<String> allowedOrigins,
        @DefaultValue({"Content-Type", "X-Request-ID", "Idempotency-Key"}) List<String> allowedHeaders,
        @DefaultValue({"X-Request-ID", "Retry-After", "Location"}) List<String> exposedHeaders,
        @DefaultValue("30m") Duration maxAge) {

    CorsSettings {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
