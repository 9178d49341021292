package io.streamgate.platform.consumer.internal;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code consumers}: DOWN when a subscription's consumer is not running, has been failing (transient errors, retried)
 * for longer than {@code stuck-after}, has an assigned partition with lag whose committed offset has not moved for that
 * long, or has had no partitions for longer than {@code assignment-grace} while the group has fewer members than
 * partitions (with more members, an idle replica is a standby, not a fault). Reads what the consumer threads and the
 * monitor recorded; never calls Kafka itself.
 */
final class ConsumersHealthIndicator implements HealthIndicator {

    private final EventConsumers consumers;
    private final Duration stuckAfter;
    private final Duration assignmentGrace;

    ConsumersHealthIndicator(EventConsumers consumers, Duration stuckAfter, Duration assignmentGrace) {
        this.consumers = consumers;
        this.stuckAfter = stuckAfter;
        this.assignmentGrace = assignmentGrace;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> groups = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (SubscriptionRuntime runtime : consumers.runtimes()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            ConsumerState state = runtime.state();
            ConsumerState.Snapshot snapshot = state.snapshot();
            detail.put("topic", runtime.topic());
            detail.put("assignedPartitions", runtime.assignedPartitions());
            if (snapshot != null) {
                detail.put("lag", snapshot.lag());
                if (snapshot.error() != null) {
                    detail.put("lagError", snapshot.error());
                }
            }
            if (!runtime.container().isRunning()) {
                problems.add("not running");
            }
            Instant failingSince = state.failingSince();
            if (failingSince != null) {
                detail.put("failingSince", failingSince.toString());
                detail.put("lastFailure", state.lastFailure());
                if (failingSince.plus(stuckAfter).isBefore(now)) {
                    problems.add("stuck: failing since " + failingSince + " (" + state.lastFailure() + ")");
                }
            }
            if (snapshot != null) {
                snapshot.lag().forEach((partition, lag) -> {
                    Instant progress = snapshot.lastProgress().get(partition);
                    if (lag > 0 && progress != null && progress.plus(stuckAfter).isBefore(now)) {
                        problems.add("stuck: partition " + partition + " has lag " + lag
                                + " and no commit since " + progress);
                    }
                });
            }
            Instant unassigned = runtime.unassignedSince();
            // The monitor updates unassignedSince every lag-interval; the live assignment wins in between.
            boolean assignedNow = !runtime.assignedPartitions().isEmpty();
            if (!assignedNow && unassigned != null && unassigned.plus(assignmentGrace).isBefore(now)) {
                boolean standby = snapshot != null && snapshot.partitions() > 0
                        && snapshot.groupMembers() >= snapshot.partitions();
                if (standby) {
                    detail.put("standby", "group has " + snapshot.groupMembers() + " members for "
                            + snapshot.partitions() + " partitions");
                } else {
                    problems.add("not assigned: no partitions since " + unassigned);
                }
            }
            if (!problems.isEmpty()) {
                up = false;
                detail.put("problems", problems);
            }
            groups.put(runtime.group(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetails(groups).build();
    }
}
