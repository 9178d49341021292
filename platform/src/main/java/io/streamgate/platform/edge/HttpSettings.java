package io.streamgate.platform.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * HTTP settings shared by every system ({@code streamgate.http.*}).
 *
 * @param maxBodySize     the largest request body any route accepts unless {@code bodyLimits} says otherwise
 * @param maxBatchBodySize the largest body of a route whose request body is a JSON array (a batch route)
 * @param bodyLimits      an operator's per-path overrides (exact request path, e.g. {@code /payments/batch: 2MB}) of
 *                        what the routes declare ({@link Routes})
 * @param maxDrainSize    up to this size, the rest of an oversized body is read and discarded before the 413, so
 *                        clients that send the whole body before reading get the answer instead of a reset
 * @param rateLimit       the per-client token bucket
 * @param requestHeadTimeout how long a client has to send a complete request head (request line and headers),
 *                        counted from the connection's opening or, on a kept-alive connection, from the first byte
 *                        of the next request; the connection is closed when it runs out
 * @param idleTimeout     how long a kept-alive connection may sit idle between requests before it is closed; longer
 *                        than common proxies' and load balancers' 60 s, so that they, not the server, close an idle
 *                        upstream connection (the other way round races a request the proxy is just sending into a
 *                        502)
 * @param bodyReadTimeout how long a handler waits for the whole request body once it starts reading it; a body
 *                        still arriving then is answered 408 with {@code Connection: close}
 * @param maxConnections  open connections allowed at once, across every listener (the main port and any
 *                        {@link AdditionalPort}); a connection beyond it is accepted and closed at once. Unset, it is
 *                        the process's open-file limit minus {@code reservedFileDescriptors}
 * @param reservedFileDescriptors file descriptors kept for everything but client connections (Kafka, Postgres, jars,
 *                        logs) when {@code maxConnections} is derived from the open-file limit
 * @param tls             HTTPS: which SSL bundle, on which listeners
 */
@ConfigurationProperties("streamgate.http")
public record HttpSettings(
        @DefaultValue("16KB") DataSize maxBodySize,
        @DefaultValue("1MB") DataSize maxBatchBodySize,
        Map<String, DataSize> bodyLimits,
        @DefaultValue("16MB") DataSize maxDrainSize,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue("10s") Duration requestHeadTimeout,
        @DefaultValue("75s") Duration idleTimeout,
        @DefaultValue("30s") Duration bodyReadTimeout,
        Integer maxConnections,
        @DefaultValue("1024") int reservedFileDescriptors,
        @DefaultValue Tls tls) {

    public HttpSettings {
        bodyLimits = bodyLimits == null ? Map.of() : Map.copyOf(bodyLimits);
    }

    /**
     * HTTPS on the edge, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.<name>.*}: PEM files, reloaded when
     * they change if the bundle says {@code reload-on-update: true}). HTTPS is served while a bundle of this name
     * exists, with TLS 1.3 and 1.2 and HTTP/2 (ALPN {@code h2}) beside HTTP/1.1. Plain listeners never offer HTTP/2.
     *
     * @param bundle     the SSL bundle's name
     * @param port       the HTTPS listener beside the plain ones (the development run's 8443); negative: none, 0: a free
     *                   port. Unused when {@code required}. Boxed: an unset {@code HTTPS_PORT} binds as empty
     * @param required   every listener (the main port and every {@link AdditionalPort}) serves HTTPS only, and the
     *                   start fails when the bundle is missing: what production runs unless a proxy in front of it
     *                   terminates TLS
     * @param hstsMaxAge the {@code max-age} of {@code Strict-Transport-Security} on every HTTPS answer. Unset: a year
     *                   when {@code required}, and 0 when plain HTTP is served beside HTTPS, since a browser keeps the
     *                   policy per host, whatever the port: a year of it would send every {@code http://localhost:8000}
     *                   of the seeds to HTTPS, which that port does not speak
     */
    public record Tls(
            @DefaultValue("edge") String bundle,
            @DefaultValue("8443") Integer port,
            @DefaultValue("false") boolean required,
            Duration hstsMaxAge) {

        /** The {@code Strict-Transport-Security} header's value. */
        String strictTransportSecurity() {
            Duration maxAge = hstsMaxAge != null ? hstsMaxAge : required ? Duration.ofDays(365) : Duration.ZERO;
            return "max-age=" + maxAge.toSeconds();
        }
    }

    /**
     * A token bucket per client: a client is its API key header when it sends one, else its remote address. The filter
     * is on unless {@code streamgate.http.rate-limit.enabled=false}; that switch is read by the auto-configuration's
     * condition, not bound here.
     *
     * Capacity and rate are boxed so that an empty value (an unset {@code RATE_LIMIT_*} variable in application.yml)
     * binds to the default here, which is then the only place it is written.
     *
     * @param capacity        the burst a client may send at once
     * @param refillPerSecond the sustained rate a client may send
     * @param clientHeader    the header naming the client
     * @param excludedPaths   path prefixes never limited (probes, metrics, docs)
     * @param maxClients      how many client buckets are kept; idle ones beyond this are dropped
     */
    public record RateLimit(
            @DefaultValue("2000") Long capacity,
            @DefaultValue("1000") Double refillPerSecond,
            @DefaultValue("X-API-Key") String clientHeader,
            @DefaultValue({"/actuator", "/health", "/livez", "/readyz", "/swagger-ui", "/v3/api-docs", "/webjars"})
            List<String> excludedPaths,
            @DefaultValue("100000") int maxClients) {
    }
}
