package io.streamgate.platform.avro;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;

/**
 * {@code schemaRegistry}: {@code GET {url}/subjects} with a short timeout. Blocking and uncached: the platform runs it
 * as a {@code SharedHealthIndicator}, which reuses its result for a while (probes do not hammer the registry) and keeps
 * callers' cancellations away from it. Not in the readiness group by default: cached schema ids keep publishing
 * working through a registry outage.
 */
class SchemaRegistryHealthIndicator implements HealthIndicator {

    private final SchemaRegistryClient client;
    private final Duration timeout;

    SchemaRegistryHealthIndicator(SchemaRegistryClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
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
