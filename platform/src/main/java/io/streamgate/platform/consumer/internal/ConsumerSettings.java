package io.streamgate.platform.consumer.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.consumer.*}: how the platform's consumers retry, watch themselves and keep applied event ids.
 *
 * @param concurrency          consumer threads per subscription (at most the topic's partition count is useful)
 * @param retryInitialInterval first back-off after a transient failure (database or registry down)
 * @param retryMaxInterval     the back-off grows by 2x up to this; transient failures are retried for ever
 * @param lagInterval          how often committed offsets and end offsets are read for the lag gauges
 * @param stuckAfter           health is DOWN when an assigned partition has lag but its committed offset has not
 *                             moved for this long, or when the consumer has been failing for this long
 * @param assignmentGrace      health is DOWN when the consumer has had no partitions for this long (unless the group
 *                             has at least as many members as partitions: then it is a standby)
 * @param processedRetention   applied event ids are kept this long; a redelivery older than that is not recognised
 * @param processedSweepInterval how often the ids past their retention are dropped (by one replica, in batches): a
 *                             run's work is what expired since the previous one
 */
@ConfigurationProperties("streamgate.consumer")
record ConsumerSettings(
        @DefaultValue("1") int concurrency,
        @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("10s") Duration retryMaxInterval,
        @DefaultValue("5s") Duration lagInterval,
        @DefaultValue("60s") Duration stuckAfter,
        @DefaultValue("60s") Duration assignmentGrace,
        @DefaultValue("7d") Duration processedRetention,
        @DefaultValue("1m") Duration processedSweepInterval) {
}
