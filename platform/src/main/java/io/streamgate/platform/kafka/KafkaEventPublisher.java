package io.streamgate.platform.kafka;

import io.streamgate.platform.avro.AvroSerializer;
import io.streamgate.platform.avro.SchemaRegistryException;
import io.streamgate.platform.avro.SchemaRegistryUnavailableException;
import io.streamgate.schemas.Topic;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@link EventPublisher} over one shared {@code Producer<byte[], byte[]>}.
 * <p>
 * Hot path (topic metadata known, schema ids cached): availability flag, buffer check, serialize into a reused
 * buffer, {@code send} — none of which blocks. Everything else is decided before {@code send} so the caller is never
 * held for {@code max.block.ms}: Kafka known down → KAFKA_UNAVAILABLE at once; producer buffer nearly full →
 * BUFFER_FULL at once; a topic or schema not warmed up yet → the publish runs on a small cold-path pool. Metadata and
 * schema ids of the catalogue are warmed in the background at start-up and whenever Kafka comes back.
 * <p>
 * {@link #close()} flushes and closes the producer within {@code close-timeout}, so records accepted before shutdown
 * are acknowledged (or failed) rather than dropped.
 */
class KafkaEventPublisher implements EventPublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final long BUFFER_CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Producer<byte[], byte[]> producer;
    private final AvroSerializer<SpecificRecord> keySerializer;
    private final AvroSerializer<SpecificRecord> valueSerializer;
    private final KafkaAvailability availability;
    private final ProduceMetrics metrics;
    private final List<Topic<?, ?>> catalogue;
    private final Duration closeTimeout;
    private final Duration answerTimeout;
    private final Duration deliveryTimeout;
    /**
     * Fails a waiting request's answer once the answer timeout passes; the deliveries themselves go on. A wheel timer
     * (10 ms ticks): scheduling and cancelling once per request, the cancel on the producer's I/O thread, take no lock.
     */
    private final HashedWheelTimer answerDeadlines;
    private final ThreadPoolExecutor coldPath;
    private final Set<String> metadataReady = ConcurrentHashMap.newKeySet();
    /** Catalogue topics this process's Kafka user may not describe: another system's, not prefetched again. */
    private final Set<String> notAuthorized = ConcurrentHashMap.newKeySet();
    private final Metric bufferAvailable;
    private final long bufferReserve;
    private volatile long bufferCheckedAt = System.nanoTime() - BUFFER_CHECK_INTERVAL_NANOS;
    private volatile boolean bufferLow;
    private volatile boolean closed;

    public KafkaEventPublisher(Producer<byte[], byte[]> producer,
                               AvroSerializer<SpecificRecord> keySerializer,
                               AvroSerializer<SpecificRecord> valueSerializer,
                               KafkaAvailability availability,
                               ProduceMetrics metrics,
                               Collection<? extends Topic<?, ?>> catalogue,
                               StreamgateKafkaProperties settings) {
        this.producer = producer;
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.availability = availability;
        this.metrics = metrics;
        this.catalogue = List.copyOf(catalogue);
        this.closeTimeout = settings.closeTimeout();
        this.answerTimeout = settings.answerTimeout();
        this.deliveryTimeout = settings.deliveryTimeout();
        this.answerDeadlines = new HashedWheelTimer(
                Thread.ofPlatform().name("streamgate-answer-deadlines").daemon(true).factory(),
                10, TimeUnit.MILLISECONDS);
        this.bufferReserve = settings.bufferReserve().toBytes();
        this.bufferAvailable = findMetric(producer, "buffer-available-bytes");
        this.coldPath = new ThreadPoolExecutor(settings.coldPathThreads(), settings.coldPathThreads(), 30,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.coldPathQueue()),
                Thread.ofPlatform().name("streamgate-publish-cold-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        this.coldPath.allowCoreThreadTimeOut(true);
        availability.addRecoveryTask("producer-metadata", this::prefetchMetadata);
        availability.addRecoveryTask("schema-ids", this::warmUpSchemas);
    }

    @Override
    public Duration deliveryTimeout() {
        return deliveryTimeout;
    }

    @Override
    public CompletableFuture<Delivery> answerInTime(String topic, CompletableFuture<Delivery> delivery) {
        if (delivery.isDone()) {
            return delivery;
        }
        CompletableFuture<Delivery> answer = new CompletableFuture<>();
        Timeout deadline;
        try {
            deadline = answerDeadlines.newTimeout(expired -> {
                if (answer.completeExceptionally(new PublishException(PublishException.Kind.TIMEOUT, topic,
                        "Kafka did not acknowledge the record within " + answerTimeout.toMillis() + " ms (topic '"
                                + topic + "'); the producer keeps trying for up to " + deliveryTimeout.toMillis()
                                + " ms, so it may yet be written", null, true))) {
                    metrics.forTopic(topic).answerTimeout();
                    availability.probeNow();
                }
            }, answerTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (IllegalStateException closing) {
            return delivery; // closed: the producer's close bounds the wait
        }
        delivery.whenComplete((ack, failure) -> {
            deadline.cancel();
            if (failure == null) {
                answer.complete(ack);
            } else {
                answer.completeExceptionally(failure instanceof CompletionException c && c.getCause() != null
                        ? c.getCause() : failure);
            }
        });
        return answer;
    }

    @Override
    public <K, V> CompletableFuture<Delivery> publish(Topic<K, V> topic, K key, V value, Map<String, String> headers) {
        long start = System.nanoTime();
        String name = topic.name();
        ProduceMetrics.TopicMeters meters = metrics.forTopic(name);
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        if (closed) {
            fail(result, meters, start, new PublishException(PublishException.Kind.KAFKA_UNAVAILABLE, name,
                    "The event publisher is shut down", null));
        } else if (!availability.isAvailable()) {
            fail(result, meters, start, new PublishException(PublishException.Kind.KAFKA_UNAVAILABLE, name,
                    "Kafka is unavailable: " + availability.state().lastError(), null));
        } else if (isBufferLow()) {
            fail(result, meters, start, new PublishException(PublishException.Kind.BUFFER_FULL, name,
                    "The producer buffer is full: Kafka is not keeping up", null));
        } else if (isHot(name, key, value)) {
            send(name, key, value, headers, result, meters, start, false);
        } else {
            try {
                coldPath.execute(() -> send(name, key, value, headers, result, meters, start, true));
            } catch (RejectedExecutionException e) {
                fail(result, meters, start, new PublishException(PublishException.Kind.BUFFER_FULL, name,
                        "Too many publishes waiting for topic metadata or schema registration", e));
            }
        }
        return result;
    }

    private boolean isHot(String topic, Object key, Object value) {
        return metadataReady.contains(topic)
                && (!(key instanceof SpecificRecord k) || keySerializer.isWarm(topic, k.getSchema()))
                && (!(value instanceof SpecificRecord v) || valueSerializer.isWarm(topic, v.getSchema()));
    }

    private boolean isBufferLow() {
        if (bufferAvailable == null) {
            return false;
        }
        long now = System.nanoTime();
        if (now - bufferCheckedAt >= BUFFER_CHECK_INTERVAL_NANOS) {
            bufferCheckedAt = now;
            Object value = bufferAvailable.metricValue();
            bufferLow = value instanceof Number n && n.doubleValue() < bufferReserve;
        }
        return bufferLow;
    }

    private void send(String topic, Object key, Object value, Map<String, String> headers,
                      CompletableFuture<Delivery> result, ProduceMetrics.TopicMeters meters, long start, boolean cold) {
        byte[] keyBytes;
        byte[] valueBytes;
        try {
            keyBytes = serialize(keySerializer, topic, key);
            valueBytes = serialize(valueSerializer, topic, value);
        } catch (RuntimeException e) {
            fail(result, meters, start, toPublishException(topic, e));
            return;
        }
        RecordHeaders recordHeaders = new RecordHeaders();
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    recordHeaders.add(k, v.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null, keyBytes, valueBytes, recordHeaders);
        SendCallback callback = new SendCallback(topic, result, meters, start, cold);
        try {
            producer.send(record, callback);
        } catch (RuntimeException e) {
            fail(result, meters, start, toPublishException(topic, e, false));
        } finally {
            callback.sendReturned = true;
        }
    }

    /**
     * The producer's answer to one record. {@code send} calls it before it returns, on the caller's thread, only for a
     * failure before the record was appended to a batch (metadata not there within max.block.ms, too large for
     * max.request.size, ...): then nothing was written. Any later failure comes from the producer's I/O thread after
     * the record was in a batch that may have reached the broker.
     */
    private final class SendCallback implements Callback {
        private final String topic;
        private final CompletableFuture<Delivery> result;
        private final ProduceMetrics.TopicMeters meters;
        private final long start;
        private final boolean cold;
        private final Thread caller = Thread.currentThread();
        /** Written and read by the caller's thread only (a callback on another thread does not look at it). */
        boolean sendReturned;

        SendCallback(String topic, CompletableFuture<Delivery> result, ProduceMetrics.TopicMeters meters, long start,
                     boolean cold) {
            this.topic = topic;
            this.result = result;
            this.meters = meters;
            this.start = start;
            this.cold = cold;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                if (cold) {
                    metadataReady.add(topic);
                }
                if (result.complete(delivery(metadata))) {
                    meters.success(start);
                }
                return;
            }
            boolean beforeAppend = Thread.currentThread() == caller && !sendReturned;
            fail(result, meters, start, toPublishException(topic, exception, !beforeAppend));
        }
    }

    private static byte[] serialize(AvroSerializer<SpecificRecord> serializer, String topic, Object datum) {
        if (datum == null) {
            return null;
        }
        if (datum instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (datum instanceof SpecificRecord r) {
            return serializer.serialize(topic, r);
        }
        if (datum instanceof byte[] bytes) {
            return bytes;
        }
        throw new SerializationException("Unsupported key or value type " + datum.getClass().getName()
                + " for topic '" + topic + "': expected String, byte[] or an Avro specific record");
    }

    private static Delivery delivery(RecordMetadata metadata) {
        Instant timestamp = metadata.hasTimestamp() ? Instant.ofEpochMilli(metadata.timestamp()) : null;
        return new Delivery(metadata.topic(), metadata.partition(), metadata.offset(), timestamp);
    }

    private void fail(CompletableFuture<Delivery> result, ProduceMetrics.TopicMeters meters, long start,
                      PublishException failure) {
        if (result.completeExceptionally(failure)) {
            meters.failure(start, failure.kind());
        }
    }

    /** Maps a failure before anything was handed to the producer (serialization, a refused send): nothing written. */
    PublishException toPublishException(String topic, Throwable failure) {
        return toPublishException(topic, failure, false);
    }

    /**
     * Maps any failure of serialization or sending to a {@link PublishException} of the right kind.
     *
     * @param appended whether the record was in one of the producer's batches when it failed: then it may have been
     *                 written, unless the broker rejected it for what it is ({@link #rejectedForGood})
     */
    PublishException toPublishException(String topic, Throwable failure, boolean appended) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof PublishException p) {
            return p;
        }
        PublishException.Kind kind = classify(t);
        if (kind == PublishException.Kind.TIMEOUT) {
            availability.probeNow();
        } else if (kind == PublishException.Kind.KAFKA_UNAVAILABLE && t instanceof NetworkException) {
            availability.markUnavailable(t);
        }
        return new PublishException(kind, topic, describe(kind, topic, t), t, appended && !rejectedForGood(t));
    }

    /**
     * Whether the broker's answer says this record's batch was not appended: it checks size, validity and authorization
     * before it appends, and a batch that fails those checks fails them on every attempt (so no earlier attempt was
     * written either; an ACL removed between two attempts of one batch is the one exception).
     */
    static boolean rejectedForGood(Throwable t) {
        return t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidRecordException || t instanceof InvalidTimestampException
                || t instanceof InvalidTopicException || t instanceof AuthorizationException
                || t instanceof UnsupportedVersionException;
    }

    static PublishException.Kind classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SchemaRegistryUnavailableException) {
                return PublishException.Kind.REGISTRY_UNAVAILABLE;
            }
            if (c instanceof SchemaRegistryException) {
                return PublishException.Kind.SERIALIZATION;
            }
            if (c == c.getCause()) {
                break;
            }
        }
        if (t instanceof BufferExhaustedException) {
            return PublishException.Kind.BUFFER_FULL;
        }
        if (t instanceof TimeoutException) {
            return PublishException.Kind.TIMEOUT;
        }
        if (t instanceof SerializationException) {
            return PublishException.Kind.SERIALIZATION;
        }
        if (t instanceof RetriableException || t instanceof AuthenticationException || t instanceof InterruptException
                || t instanceof IllegalStateException) {
            // Retriable errors surface only once retries are exhausted; IllegalStateException: producer closed.
            return PublishException.Kind.KAFKA_UNAVAILABLE;
        }
        // RecordTooLargeException, InvalidTopicException, authorization errors, invalid records, ...
        return PublishException.Kind.REJECTED;
    }

    private static String describe(PublishException.Kind kind, String topic, Throwable t) {
        String what = switch (kind) {
            case KAFKA_UNAVAILABLE -> "Kafka is unavailable";
            case BUFFER_FULL -> "The producer buffer is full";
            case TIMEOUT -> "Kafka did not acknowledge the record in time";
            case REGISTRY_UNAVAILABLE -> "The Schema Registry is unavailable";
            case SERIALIZATION -> "The event could not be serialized";
            case REJECTED -> "Kafka rejected the record";
        };
        return what + " (topic '" + topic + "'): " + t.getMessage();
    }

    /**
     * Recovery task: fetch metadata of the catalogue topics, so their first publish does not wait for it. A topic this
     * process may not describe (its Kafka user has ACLs for its own system's topics only, as a deployment per system
     * has) is left out for good: authorization does not come back by retrying every probe.
     */
    boolean prefetchMetadata() {
        boolean all = true;
        for (Topic<?, ?> topic : catalogue) {
            if (metadataReady.contains(topic.name()) || notAuthorized.contains(topic.name())) {
                continue;
            }
            try {
                producer.partitionsFor(topic.name());
                metadataReady.add(topic.name());
            } catch (TopicAuthorizationException notThisSystems) {
                notAuthorized.add(topic.name());
                log.info("Not authorized to describe topic {} (no ACL for this Kafka user): its metadata is not "
                        + "prefetched", topic.name());
            } catch (RuntimeException e) {
                all = false;
                log.debug("No metadata for topic {} yet: {}", topic.name(), e.toString());
            }
        }
        return all;
    }

    /** Recovery task: resolve the schema ids of the catalogue's Avro types, so the first publish needs no registry. */
    @SuppressWarnings("unchecked")
    boolean warmUpSchemas() {
        List<String> failures = new ArrayList<>();
        for (Topic<?, ?> topic : catalogue) {
            try {
                if (SpecificRecord.class.isAssignableFrom(topic.keyType())) {
                    keySerializer.warmUp(topic.name(), (Class<? extends SpecificRecord>) topic.keyType());
                }
                if (SpecificRecord.class.isAssignableFrom(topic.valueType())) {
                    valueSerializer.warmUp(topic.name(), (Class<? extends SpecificRecord>) topic.valueType());
                }
            } catch (RuntimeException e) {
                failures.add(topic.name() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            log.warn("Could not resolve schema ids yet, will retry: {}", failures);
        }
        return failures.isEmpty();
    }

    private static Metric findMetric(Producer<?, ?> producer, String name) {
        try {
            for (Map.Entry<MetricName, ? extends Metric> entry : producer.metrics().entrySet()) {
                if (entry.getKey().name().equals(name) && entry.getKey().group().equals("producer-metrics")) {
                    return entry.getValue();
                }
            }
        } catch (RuntimeException e) {
            log.debug("Producer metrics not available: {}", e.toString());
        }
        return null;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        answerDeadlines.stop();
        coldPath.shutdown();
        try {
            if (!coldPath.awaitTermination(Math.min(closeTimeout.toMillis(), 5000), TimeUnit.MILLISECONDS)) {
                coldPath.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long start = System.nanoTime();
        producer.close(closeTimeout);
        log.info("Event publisher closed: producer flushed in {} ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
