package io.streamgate.platform.edge;

import io.streamgate.platform.problems.ApiProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Per-client rate limit: one token per request from the client's bucket, or 429 with {@code Retry-After}. The client
 * is the authenticated principal when authentication is on, else the API key header when present, else the remote
 * address ({@link Clients}). Buckets live in this replica's memory: with N
 * replicas behind a load balancer a client gets up to N times the limit, which is why the limit is per replica in the
 * docs.
 */
class RateLimitFilter implements EdgeFilter {

    static final int ORDER = RequestIdFilter.ORDER + 10;

    private final HttpSettings.RateLimit settings;
    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Counter rejected;
    private final LongSupplier clock;

    RateLimitFilter(HttpSettings.RateLimit settings, MeterRegistry meters) {
        this(settings, meters, System::nanoTime);
    }

    RateLimitFilter(HttpSettings.RateLimit settings, MeterRegistry meters, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.rejected = Counter.builder("streamgate.ratelimit.rejected")
                .description("Requests answered 429 because the client's token bucket was empty")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isExcluded(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        long now = clock.getAsLong();
        String client = clientOf(exchange);
        TokenBucket bucket = buckets.get(client);
        if (bucket == null) {
            if (buckets.size() >= settings.maxClients()) {
                evictFullBuckets(now);
            }
            bucket = buckets.computeIfAbsent(client,
                    key -> new TokenBucket(settings.capacity(), settings.refillPerSecond(), now));
        }
        long waitNanos = bucket.tryTake(now);
        if (waitNanos == 0L) {
            return chain.filter(exchange);
        }
        rejected.increment();
        return Mono.error(ApiProblem.tooManyRequests(Duration.ofNanos(waitNanos)));
    }

    private boolean isExcluded(String path) {
        for (String prefix : settings.excludedPaths()) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private String clientOf(ServerWebExchange exchange) {
        return Clients.of(exchange, settings.clientHeader());
    }

    private void evictFullBuckets(long now) {
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
