package io.streamgate.platform.kafka;

import io.streamgate.schemas.Topic;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes events of the topic catalogue over the one shared producer.
 * <p>
 * Never blocks the caller for long (callers run on event loops): when Kafka is known to be down, the buffer is nearly
 * full or the record cannot be serialized, the future is already failed when this returns; first publishes that need
 * the registry or topic metadata run on a small background pool. The future completes with the broker's ack
 * ({@code acks=all}) or with a {@link PublishException}, within the producer's delivery timeout; a request that waits
 * for it answers sooner ({@link #answerInTime}). Dependent stages run on the producer's I/O thread unless
 * the caller uses the {@code *Async} variants: keep them short and non-blocking.
 */
public interface EventPublisher {

    /**
     * @param topic  the catalogue topic
     * @param key  the record key (String keys as UTF-8; Avro keys through the registry); may be null
     * @param value  the record value, normally an Avro specific record; null writes a tombstone
     * @param headers  added as UTF-8 Kafka headers (e.g. {@code X-Request-ID}); may be empty
     */
    <K, V> CompletableFuture<Delivery> publish(Topic<K, V> topic, K key, V value, Map<String, String> headers);

    default <K, V> CompletableFuture<Delivery> publish(Topic<K, V> topic, K key, V value) {
        return publish(topic, key, value, Map.of());
    }

    /**
     * {@code delivery} as a request that waits for it sees it: the ack or the failure, or, when neither has come
     * within the answer timeout ({@code streamgate.kafka.answer-timeout}), a {@link PublishException.Kind#TIMEOUT}
     * whose record {@linkplain PublishException#mayHaveBeenWritten() may yet be written}. The delivery itself goes on:
     * the producer keeps retrying under the same sequence number until its delivery timeout, longer than a broker
     * failover, so the broker writes a retried record once. {@code delivery} still completes with the real outcome.
     * <p>
     * A publisher that answers every delivery within the answer timeout anyway may return {@code delivery} itself.
     */
    default CompletableFuture<Delivery> answerInTime(String topic, CompletableFuture<Delivery> delivery) {
        return delivery;
    }

    /**
     * The longest a {@link #publish} future stays incomplete in a running process: the producer's delivery timeout
     * ({@code streamgate.kafka.delivery-timeout}). An outcome not seen by then never will be: the process that sent
     * the record stopped first, and the record may or may not have been written.
     */
    Duration deliveryTimeout();
}
