package io.streamgate.platform.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafka}: UP while {@link KafkaAvailability} sees the cluster, DOWN otherwise. Reads the probe's last result,
 * so it never blocks and never hammers the cluster. In readiness where a running system's routes need Kafka
 * ({@code ReadyWhen}).
 */
class KafkaHealthIndicator implements HealthIndicator {

    private final KafkaAvailability availability;

    KafkaHealthIndicator(KafkaAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Health health() {
        KafkaAvailability.State state = availability.state();
        Health.Builder builder = state.available() ? Health.up() : Health.down();
        builder.withDetail("bootstrapServers", availability.bootstrapServers())
                .withDetail("nodes", state.nodeCount())
                .withDetail("since", state.since().toString());
        if (state.clusterId() != null) {
            builder.withDetail("clusterId", state.clusterId());
        }
        if (!state.available() && state.lastError() != null) {
            builder.withDetail("error", state.lastError());
        }
        return builder.build();
    }
}
