package io.streamgate.platform.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code streamgate.idempotency.*}
 *
 * @param retention how long a completed key is replayed; after that the key may be used afresh
 * @param lease     how long a claimed key whose request never completed (its replica died) blocks retries
 * @param sweepInterval how often keys past their retention are dropped (by one replica, in batches)
 */
@ConfigurationProperties("streamgate.idempotency")
record IdempotencySettings(
        @DefaultValue("24h") Duration retention,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("1m") Duration sweepInterval) {
}
