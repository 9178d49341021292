package io.streamgate.platform.outbox.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;

/**
 * {@code outbox}: rows waiting, the age of the oldest, rows held back and parked, publish failures of this instance
 * and the shards it owns. DOWN when an event is parked (it needs an operator: docs/outbox.md), when the oldest row
 * has waited longer than {@code streamgate.outbox.stuck-after} (events are not getting out) or when the tables cannot
 * be read. Reads the last once-a-second sample, so it never blocks. Not part of readiness: taking an instance out of
 * the load balancer does not help the outbox drain.
 */
final class OutboxHealthIndicator implements HealthIndicator {

    private final OutboxMetrics metrics;
    private final ShardLeases leases;
    private final Duration stuckAfter;
    private final boolean relayEnabled;

    OutboxHealthIndicator(OutboxMetrics metrics, ShardLeases leases, OutboxSettings settings) {
        this.metrics = metrics;
        this.leases = leases;
        this.stuckAfter = settings.stuckAfter();
        this.relayEnabled = settings.relayEnabled();
    }

    @Override
    public Health health() {
        OutboxMetrics.Backlog backlog = metrics.backlog();
        boolean stuck = backlog.oldestAge().compareTo(stuckAfter) > 0;
        boolean parked = backlog.parked() > 0;
        Health.Builder builder = backlog.error() == null && !stuck && !parked ? Health.up() : Health.down();
        builder.withDetail("waiting", backlog.waiting())
                .withDetail("oldestAgeMs", backlog.oldestAge().toMillis())
                .withDetail("held", backlog.held())
                .withDetail("parked", backlog.parked())
                .withDetail("publishFailures", metrics.failureCount())
                .withDetail("relay", relayEnabled ? "running" : "disabled")
                .withDetail("ownedShards", leases.owned().length);
        if (backlog.error() != null) {
            builder.withDetail("error", backlog.error().toString());
        } else if (parked) {
            builder.withDetail("error", backlog.parked() + " event(s) parked: they cannot be published as they are "
                    + "and hold back the later events of their keys; retry or drop them (docs/outbox.md)");
        } else if (stuck) {
            builder.withDetail("error", "the oldest event has waited longer than " + stuckAfter);
        }
        return builder.build();
    }
}
