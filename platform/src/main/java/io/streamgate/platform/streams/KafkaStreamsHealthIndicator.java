package io.streamgate.platform.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code streams}: UP while every Kafka Streams application of this instance is RUNNING (UP when there is none), DOWN
 * otherwise, with each application's state: an instance whose join is rebalancing, restoring its stores or failed says
 * so in {@code /health} rather than looking healthy. Not in readiness: no route waits for the join.
 */
final class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final ObjectProvider<ManagedKafkaStreams> applications;

    KafkaStreamsHealthIndicator(ObjectProvider<ManagedKafkaStreams> applications) {
        this.applications = applications;
    }

    @Override
    public Health health() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean allRunning = true;
        for (ManagedKafkaStreams application : applications.orderedStream().toList()) {
            KafkaStreams.State state = application.state();
            states.put(application.applicationId(), state.name());
            allRunning &= state == KafkaStreams.State.RUNNING;
        }
        return (allRunning ? Health.up() : Health.down()).withDetails(states).build();
    }
}
