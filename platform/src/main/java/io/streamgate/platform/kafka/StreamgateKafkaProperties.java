package io.streamgate.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code streamgate.kafka.*}: the producer settings Streamgate enforces on top of {@code spring.kafka.*}, and the
 * availability probe.
 *
 * @param maxBlock  {@code max.block.ms}: the longest {@code send} may block for metadata or buffer space (a backstop:
 *                  the publisher avoids both situations before calling send)
 * @param requestTimeout  {@code request.timeout.ms}
 * @param deliveryTimeout  {@code delivery.timeout.ms}: upper bound from send to ack or failure. Longer than a
 *                         broker failover (a dead or frozen leader is fenced after {@code broker.session.timeout.ms},
 *                         9 s by default, then a new leader is elected and found: about 10-14 s in all), so a batch
 *                         in flight to a leader that dies is retried under its sequence number and written once
 *                         rather than expired, re-sequenced under a bumped epoch and written twice (docs/reliability.md).
 *                         At least linger + request timeout, and at least the answer timeout
 * @param answerTimeout  how long a request that waits for the ack waits at most: then it is answered 503 (the
 *                       record may yet be written), while the producer goes on until the delivery timeout
 * @param linger  {@code linger.ms}; caps request/response throughput per connection at about 1 / (linger + ~1 ms)
 * @param compression  {@code compression.type}; none by default: a request's batch holds a few records of about a
 *                     hundred bytes, which lz4 barely shrinks, while Kafka's lz4 stream allocates and zeroes two 64 KB
 *                     buffers per batch (a sixth of {@code POST /payments}' CPU, docs/benchmarks.md); set lz4 or zstd
 *                     where batches are large
 * @param bufferMemory  {@code buffer.memory}
 * @param bufferReserve  publish fails fast with BUFFER_FULL when less than this is free in the producer buffer, instead
 *                       of letting send block the caller for max.block.ms
 * @param closeTimeout  how long shutdown waits to flush records in flight
 * @param probeInterval  how often the cluster is probed ({@code describeCluster})
 * @param probeTimeout  timeout of one probe
 * @param coldPathThreads  threads that run first publishes (schema registration, metadata fetch) off the caller
 * @param coldPathQueue  queue of that pool; when full, publish fails with BUFFER_FULL
 */
@ConfigurationProperties("streamgate.kafka")
public record StreamgateKafkaProperties(
        @DefaultValue("1s") Duration maxBlock,
        @DefaultValue("1500ms") Duration requestTimeout,
        @DefaultValue("30s") Duration deliveryTimeout,
        @DefaultValue("3s") Duration answerTimeout,
        @DefaultValue("1ms") Duration linger,
        @DefaultValue("none") String compression,
        @DefaultValue("64MB") DataSize bufferMemory,
        @DefaultValue("2MB") DataSize bufferReserve,
        @DefaultValue("10s") Duration closeTimeout,
        @DefaultValue("1s") Duration probeInterval,
        @DefaultValue("1s") Duration probeTimeout,
        @DefaultValue("2") int coldPathThreads,
        @DefaultValue("1000") int coldPathQueue) {

    public StreamgateKafkaProperties {
        if (deliveryTimeout.toMillis() < linger.toMillis() + requestTimeout.toMillis()) {
            throw new IllegalArgumentException("streamgate.kafka.delivery-timeout (" + deliveryTimeout.toMillis()
                    + " ms) must be at least linger + request-timeout (" + (linger.toMillis() + requestTimeout.toMillis())
                    + " ms)");
        }
        if (answerTimeout.isNegative() || answerTimeout.isZero() || answerTimeout.compareTo(deliveryTimeout) > 0) {
            throw new IllegalArgumentException("streamgate.kafka.answer-timeout (" + answerTimeout.toMillis()
                    + " ms) must be positive and at most delivery-timeout (" + deliveryTimeout.toMillis() + " ms)");
        }
        if (bufferReserve.toBytes() >= bufferMemory.toBytes()) {
            throw new IllegalArgumentException("streamgate.kafka.buffer-reserve must be smaller than buffer-memory");
        }
    }

    /**
     * All defaults, for code and tests that run without Spring: bound from an empty source, so the values come from
     * the {@code @DefaultValue}s above and are never repeated.
     */
    public static StreamgateKafkaProperties defaults() {
        return new Binder().bindOrCreate("streamgate.kafka", StreamgateKafkaProperties.class);
    }
}
