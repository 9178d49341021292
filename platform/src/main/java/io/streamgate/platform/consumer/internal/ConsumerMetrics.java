package io.streamgate.platform.consumer.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code streamgate.consumer.*} meters of one subscription: {@code consumed{outcome=applied|duplicate}},
 * {@code dead.lettered{reason}}, {@code retries{cause}} and the gauge {@code lag{partition}} (committed offset to end
 * offset, for the partitions assigned to this replica).
 */
final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter applied;
    private final Counter duplicates;
    private final MultiGauge lag;
    /** The rows the lag gauge exports now. */
    private Map<Integer, Long> lagRows = Map.of();

    ConsumerMetrics(MeterRegistry registry, String group, String topic) {
        this.registry = registry;
        this.tags = Tags.of("group", group, "topic", topic);
        this.applied = consumed("applied");
        this.duplicates = consumed("duplicate");
        this.lag = MultiGauge.builder("streamgate.consumer.lag")
                .description("Records between the group's committed offset and the partition's end")
                .baseUnit("records").register(registry);
    }

    private Counter consumed(String outcome) {
        return Counter.builder("streamgate.consumer.consumed")
                .description("Records consumed and committed, by outcome")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    void consumed(int appliedCount, int duplicateCount) {
        applied.increment(appliedCount);
        duplicates.increment(duplicateCount);
    }

    void deadLettered(String reason) {
        Counter.builder("streamgate.consumer.dead.lettered")
                .description("Records sent to the dead-letter topic")
                .tags(tags).tag("reason", reason).register(registry).increment();
    }

    void retried(Throwable cause) {
        Counter.builder("streamgate.consumer.retries")
                .description("Batches retried after a transient failure (database, registry)")
                .tags(tags).tag("cause", cause.getClass().getSimpleName()).register(registry).increment();
    }

    /** The lag of the partitions this replica has, replacing the rows of any it no longer has. */
    synchronized void lag(Map<Integer, Long> byPartition) {
        lagRows = new TreeMap<>(byPartition);
        lag.register(lagRows.entrySet().stream()
                .map(e -> MultiGauge.Row.of(tags.and("partition", Integer.toString(e.getKey())), e.getValue()))
                .toList(), true);
    }

    /** Removes the lag rows of {@code partitions}, keeping the others'. */
    synchronized void clearLag(Collection<Integer> partitions) {
        Map<Integer, Long> kept = new TreeMap<>(lagRows);
        kept.keySet().removeAll(partitions);
        lag(kept);
    }
}
