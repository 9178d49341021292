package io.streamgate.platform.consumer.internal;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Drops the lag gauge of a partition the moment this replica loses it (revoked in a rebalance, or lost), on the
 * consumer's thread: otherwise its last value would stay exported until the monitor's next successful refresh, which
 * never comes while Kafka is unreachable, and a dashboard would add up one partition's lag on two replicas. Newly
 * assigned partitions get their gauges from that refresh.
 */
final class LagOfRevokedPartitions implements ConsumerRebalanceListener {

    private final ConsumerMetrics metrics;

    LagOfRevokedPartitions(ConsumerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            metrics.clearLag(partitions.stream().map(TopicPartition::partition).toList());
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    }
}
