package io.streamgate.platform.outbox.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.outbox.*}.
 *
 * @param relayEnabled  whether this instance runs a relay; appends work either way (another instance publishes)
 * @param shards  how many shards the keys are hashed into; the unit of ownership between instances. Every instance
 *                must use the same value, and it may only change while the outbox is empty (it moves keys to other
 *                shards, so events of one key could be published by two relays at once)
 * @param batchSize  rows read from the table at a time (and acknowledged rows deleted at a time, at most)
 * @param pollInterval  how often the relay looks for rows appended on other instances (rows appended on this
 *                      instance wake it at commit), and for held keys whose retry is due
 * @param leaseDuration  how long a shard stays with an instance that stops renewing it (crash, pause)
 * @param maxBackoff  the longest pause of the whole relay while Kafka or the registry is unavailable (every key
 *                    would fail alike)
 * @param retryMaxBackoff  the longest wait before the next attempt of a key whose first event failed and may
 *                         succeed later (no acknowledgement in time); its back-off doubles from 50 ms up to this
 * @param maxInFlight  rows a relay holds in memory at most: sent and not yet acknowledged, or queued behind such a
 *                     row of their key; a partition that acknowledges nothing keeps up to its share of the rate
 *                     times the producer's delivery timeout (30 s) here
 * @param stuckAfter  /health reports the outbox down when its oldest row waits longer than this
 * @param instanceId  this instance's name in the lease table; blank: host name, pid and a random suffix
 */
@ConfigurationProperties("streamgate.outbox")
record OutboxSettings(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("16") int shards,
        @DefaultValue("500") int batchSize,
        @DefaultValue("50ms") Duration pollInterval,
        @DefaultValue("10s") Duration leaseDuration,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("30s") Duration retryMaxBackoff,
        @DefaultValue("10000") int maxInFlight,
        @DefaultValue("60s") Duration stuckAfter,
        String instanceId) {

    public OutboxSettings {
        if (shards < 1 || shards > 4096) {
            throw new IllegalArgumentException("streamgate.outbox.shards must be between 1 and 4096: " + shards);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("streamgate.outbox.batch-size must be positive: " + batchSize);
        }
        if (maxInFlight < batchSize) {
            throw new IllegalArgumentException("streamgate.outbox.max-in-flight must be at least batch-size: "
                    + maxInFlight);
        }
        if (leaseDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("streamgate.outbox.lease-duration must be at least 1s: " + leaseDuration);
        }
    }

    /** The shard of a key: stable across JVMs ({@link String#hashCode()} is specified). */
    public int shardOf(String key) {
        return Math.floorMod(key.hashCode(), shards);
    }
}
