package io.streamgate.platform.health.internal;

import io.streamgate.platform.avro.internal.SchemaRegistryClient;
import io.streamgate.platform.avro.internal.SchemaRegistryException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;

/**
 * {@code schemaRegistry}: {@code GET {url}/subjects} with a short timeout; the result is reused for {@code ttl} so
 * probes do not hammer the registry. Not in the readiness group by default: cached schema ids keep publishing working
 * through a registry outage.
 */
public class SchemaRegistryHealthIndicator implements HealthIndicator {

    private final SchemaRegistryClient client;
    private final Duration timeout;
    private final long ttlNanos;
    private volatile Health cached;
    private volatile long cachedAt;

    public SchemaRegistryHealthIndicator(SchemaRegistryClient client, Duration timeout, Duration ttl) {
        this.client = client;
        this.timeout = timeout;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public Health health() {
        Health current = cached;
        if (current != null && System.nanoTime() - cachedAt < ttlNanos) {
            return current;
        }
        synchronized (this) {
            current = cached;
            if (current != null && System.nanoTime() - cachedAt < ttlNanos) {
                return current;
            }
            current = check();
            cached = current;
            cachedAt = System.nanoTime();
            return current;
        }
    }

    private Health check() {
        long start = System.nanoTime();
        try {
            client.ping(timeout);
            return Health.up().withDetail("url", client.baseUrl())
                    .withDetail("latencyMs", (System.nanoTime() - start) / 1_000_000).build();
        } catch (SchemaRegistryException e) {
            return Health.down().withDetail("url", client.baseUrl())
                    .withDetail("error", e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }
}
