package io.streamgate.platform.consumer.internal;

import io.streamgate.platform.consumer.EventSubscription;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** One subscription at run time: its container, state and meters, and the lag check the monitor runs. */
final class SubscriptionRuntime {

    private final EventSubscription<?> subscription;
    private final ConcurrentMessageListenerContainer<byte[], byte[]> container;
    private final ConsumerState state;
    private final ConsumerMetrics metrics;
    private final Map<Integer, Long> lastCommitted = new HashMap<>();
    private final Map<Integer, Instant> lastProgress = new HashMap<>();
    private volatile Instant unassignedSince = Instant.now();

    SubscriptionRuntime(EventSubscription<?> subscription, ConcurrentMessageListenerContainer<byte[], byte[]> container,
                        ConsumerState state, ConsumerMetrics metrics) {
        this.subscription = subscription;
        this.container = container;
        this.state = state;
        this.metrics = metrics;
    }

    String group() {
        return subscription.group();
    }

    String topic() {
        return subscription.topic().name();
    }

    ConcurrentMessageListenerContainer<byte[], byte[]> container() {
        return container;
    }

    ConsumerState state() {
        return state;
    }

    Set<Integer> assignedPartitions() {
        Collection<TopicPartition> assigned = container.isRunning() ? container.getAssignedPartitions() : null;
        return assigned == null ? Set.of()
                : assigned.stream().map(TopicPartition::partition).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Time since this replica last had no partitions, or null while it has some. */
    Instant unassignedSince() {
        return unassignedSince;
    }

    /** Reads committed and end offsets with the admin client; runs on the monitor thread only. */
    void refresh(Admin admin, Duration timeout) {
        Set<Integer> assigned = assignedPartitions();
        if (assigned.isEmpty()) {
            if (unassignedSince == null) {
                unassignedSince = Instant.now();
            }
        } else {
            unassignedSince = null;
        }
        long ms = timeout.toMillis();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group())
                    .partitionsToOffsetAndMetadata().get(ms, TimeUnit.MILLISECONDS);
            int partitions = admin.describeTopics(List.of(topic())).allTopicNames().get(ms, TimeUnit.MILLISECONDS)
                    .get(topic()).partitions().size();
            int members = admin.describeConsumerGroups(List.of(group())).all().get(ms, TimeUnit.MILLISECONDS)
                    .get(group()).members().size();
            Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
            for (int p : assigned) {
                request.put(new TopicPartition(topic(), p), OffsetSpec.latest());
            }
            Map<Integer, Long> lag = new TreeMap<>();
            if (!request.isEmpty()) {
                var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all().get(ms, TimeUnit.MILLISECONDS);
                Instant now = Instant.now();
                for (var entry : ends.entrySet()) {
                    int partition = entry.getKey().partition();
                    OffsetAndMetadata offset = committed.get(entry.getKey());
                    long position = offset == null ? 0 : offset.offset();
                    lag.put(partition, Math.max(0, entry.getValue().offset() - position));
                    Long previous = lastCommitted.put(partition, position);
                    if (previous == null || previous != position) {
                        lastProgress.put(partition, now);
                    }
                }
            }
            lastCommitted.keySet().retainAll(assigned);
            lastProgress.keySet().retainAll(assigned);
            // A partition revoked while this refresh ran has had its gauge dropped (LagOfRevokedPartitions): keep it so.
            lag.keySet().retainAll(assignedPartitions());
            metrics.lag(lag);
            state.snapshot(new ConsumerState.Snapshot(Instant.now(), lag, Map.copyOf(lastProgress), members,
                    partitions, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            ConsumerState.Snapshot previous = state.snapshot();
            state.snapshot(new ConsumerState.Snapshot(Instant.now(),
                    previous == null ? Map.of() : previous.lag(),
                    previous == null ? Map.of() : previous.lastProgress(),
                    previous == null ? 0 : previous.groupMembers(), previous == null ? 0 : previous.partitions(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }
}
