package io.streamgate.platform.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.SchemaRegistryMode;
import io.streamgate.platform.avro.AvroSerializer;
import io.streamgate.platform.avro.FakeSchemaRegistry;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.schemas.Topic;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.payments.Payment;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaEventPublisherTest {

    private volatile RuntimeException failBeforeAppend;
    private FakeSchemaRegistry registry;
    private MockProducer<byte[], byte[]> producer;
    private KafkaAvailability availability;
    private SimpleMeterRegistry meters;
    private KafkaEventPublisher publisher;
    private final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        registry = new FakeSchemaRegistry();
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofMillis(500), Duration.ofSeconds(1));
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                                                Callback callback) {
                RuntimeException before = failBeforeAppend;
                if (before == null) {
                    return super.send(record, callback);
                }
                // KafkaProducer.doSend: an ApiException before the record is appended (metadata not there within
                // max.block.ms, record too large for max.request.size) reaches the callback at once, then returns.
                callback.onCompletion(null, before);
                return CompletableFuture.failedFuture(before);
            }
        };
        availability = new KafkaAvailability(() -> {
            throw new IllegalStateException("no admin in unit tests");
        }, "127.0.0.1:9", Duration.ofSeconds(1), Duration.ofSeconds(1)) {
            @Override
            public void probeNow() {
                probes.incrementAndGet(); // no cluster to probe in unit tests
            }
        };
        meters = new SimpleMeterRegistry();
        publisher = new KafkaEventPublisher(producer,
                new AvroSerializer<SpecificRecord>(client, SchemaRegistryMode.AUTO_REGISTER, true),
                new AvroSerializer<SpecificRecord>(client, SchemaRegistryMode.AUTO_REGISTER, false),
                availability, new ProduceMetrics(meters, List.of("payments")), Topics.all(),
                StreamgateKafkaProperties.defaults());
    }

    @AfterEach
    void tearDown() {
        publisher.close();
        availability.close();
        registry.close();
    }

    @Test
    void shouldNotPrefetchAgainTheMetadataOfTopicsThisKafkaUserMayNotDescribe() {
        // A deployment per system: its Kafka user has ACLs for its own system's topics only.
        producer.partitionsForException = new TopicAuthorizationException(Set.of("payments"));
        assertThat(publisher.prefetchMetadata()).as("done: authorization does not come back by retrying").isTrue();

        producer.partitionsForException = new TimeoutException("no broker");
        assertThat(publisher.prefetchMetadata()).as("no topic asked again").isTrue();
    }

    private static Payment payment() {
        return Payment.newBuilder().setPaymentId(UUID.randomUUID()).setCustomerId("c-1")
                .setAmount(new BigDecimal("10.00")).setCurrency("EUR").setCreatedAt(Instant.now()).build();
    }

    private void warm() {
        availability.setAvailable(true, 1, "cluster", null);
        assertThat(publisher.prefetchMetadata()).isTrue();
        assertThat(publisher.warmUpSchemas()).isTrue();
        registry.requests().clear();
    }

    private static PublishException failure(CompletableFuture<Delivery> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return (PublishException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failsAtOnceWhenKafkaIsKnownDown() {
        long start = System.nanoTime();
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment());
        assertThat(future).isCompletedExceptionally();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        assertThat(failure(future).kind()).isEqualTo(PublishException.Kind.KAFKA_UNAVAILABLE);
        assertThat(failure(future).isRetriable()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(meters.get(ProduceMetrics.ERRORS).tags("topic", "payments", "kind", "KAFKA_UNAVAILABLE")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void hotPathSendsOnTheCallerThreadWithHeadersAndCompletesOnAck() throws Exception {
        warm();
        Payment payment = payment();
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment,
                Map.of("X-Request-ID", "req-é1"));

        // Sent synchronously (hot path): no registry call, record already handed to the producer.
        assertThat(producer.history()).hasSize(1);
        assertThat(registry.requests()).isEmpty();
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("payments");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("c-1");
        assertThat(record.value()[0]).isZero();
        assertThat(java.nio.ByteBuffer.wrap(record.value(), 1, 4).getInt()).as("the schema id").isPositive();
        Header header = record.headers().lastHeader("X-Request-ID");
        assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo("req-é1");
        assertThat(future).isNotDone();

        assertThat(producer.completeNext()).isTrue();
        Delivery delivery = future.get(1, TimeUnit.SECONDS);
        assertThat(delivery.topic()).isEqualTo("payments");
        assertThat(delivery.offset()).isZero();
        assertThat(meters.get(ProduceMetrics.LATENCY).tags("topic", "payments", "outcome", "success").timer().count())
                .isEqualTo(1);
    }

    @Test
    void coldPublishRunsOffTheCallerThread() throws Exception {
        availability.setAvailable(true, 1, "cluster", null);
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment());
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
        assertThat(registry.requests()).containsExactly("POST /subjects/payments-value/versions");
        producer.completeNext();
        assertThat(future.get(1, TimeUnit.SECONDS).topic()).isEqualTo("payments");
        // Warm now: the next publish is handed to the producer on the caller's thread, before publish returns.
        publisher.publish(Topics.PAYMENTS, "c-2", payment());
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void registryDownBeforeWarmUpIsRegistryUnavailable() {
        availability.setAvailable(true, 1, "cluster", null);
        publisher.prefetchMetadata();
        registry.close();
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment());
        assertThat(failure(future).kind()).isEqualTo(PublishException.Kind.REGISTRY_UNAVAILABLE);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void registryDownAfterWarmUpDoesNotMatter() throws Exception {
        warm();
        registry.close();
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment());
        producer.completeNext();
        assertThat(future.get(1, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void producerFailuresAreTyped() {
        warm();
        assertThat(failOnSend(new BufferExhaustedException("full"))).isEqualTo(PublishException.Kind.BUFFER_FULL);
        assertThat(failOnSend(new TimeoutException("Expiring 1 record(s)"))).isEqualTo(PublishException.Kind.TIMEOUT);
        assertThat(probes).hasValue(1); // a delivery timeout asks for a probe at once
        assertThat(failOnSend(new RecordTooLargeException("too large"))).isEqualTo(PublishException.Kind.REJECTED);
        assertThat(failOnSend(new NetworkException("gone"))).isEqualTo(PublishException.Kind.KAFKA_UNAVAILABLE);
        // A network error marks Kafka down at once: the next publish fails without touching the producer.
        assertThat(availability.isAvailable()).isFalse();
        assertThat(meters.get(ProduceMetrics.ERRORS).tags("kind", "TIMEOUT").counter().count()).isEqualTo(1);
        assertThat(meters.get(ProduceMetrics.LATENCY).tags("outcome", "failure").timer().count()).isEqualTo(4);
    }

    @Test
    void aFailureAfterTheRecordWasInABatchMayHaveWrittenItUnlessTheBrokerRejectedTheRecord() {
        warm();
        // The producer gave up on a batch it had sent (delivery timeout) or lost the connection with it in flight.
        assertThat(failureAfterAppend(new TimeoutException("Expiring 1 record(s) for payments-0: 30001 ms has passed "
                + "since batch creation")).mayHaveBeenWritten()).isTrue();
        availability.setAvailable(true, 1, "cluster", null);
        assertThat(failureAfterAppend(new NetworkException("gone")).mayHaveBeenWritten()).isTrue();
        availability.setAvailable(true, 1, "cluster", null);
        assertThat(failureAfterAppend(new org.apache.kafka.common.KafkaException("Producer is closed forcefully."))
                .mayHaveBeenWritten()).isTrue();
        // The broker checks these before it appends, and a batch fails them on every attempt.
        assertThat(failureAfterAppend(new RecordTooLargeException("too large")).mayHaveBeenWritten()).isFalse();
        assertThat(failureAfterAppend(new TopicAuthorizationException(Set.of("payments"))).mayHaveBeenWritten())
                .isFalse();
    }

    @Test
    void aFailureBeforeTheRecordWasAppendedWroteNothing() {
        warm();
        // Thrown by send, or given to the callback before send returns (KafkaProducer.doSend): never in a batch.
        failBeforeAppend = new TimeoutException("Topic payments not present in metadata after 1000 ms.");
        PublishException timeout = failure(publisher.publish(Topics.PAYMENTS, "c-1", payment()));
        assertThat(timeout.kind()).isEqualTo(PublishException.Kind.TIMEOUT);
        assertThat(timeout.mayHaveBeenWritten()).isFalse();
        failBeforeAppend = null;

        producer.sendException = new BufferExhaustedException("full");
        assertThat(failure(publisher.publish(Topics.PAYMENTS, "c-1", payment())).mayHaveBeenWritten()).isFalse();
        producer.sendException = null;

        // Refused before the producer: Kafka known down.
        availability.setAvailable(false, 0, null, "down");
        assertThat(failure(publisher.publish(Topics.PAYMENTS, "c-1", payment())).mayHaveBeenWritten()).isFalse();
    }

    @Test
    void aWaitingRequestIsAnsweredAtTheAnswerTimeoutWhileTheDeliveryGoesOn() throws Exception {
        StreamgateKafkaProperties d = StreamgateKafkaProperties.defaults();
        StreamgateKafkaProperties quickAnswer = new StreamgateKafkaProperties(d.maxBlock(), d.requestTimeout(),
                d.deliveryTimeout(), Duration.ofMillis(200), d.linger(), d.compression(), d.bufferMemory(),
                d.bufferReserve(), d.closeTimeout(), d.probeInterval(), d.probeTimeout(), d.coldPathThreads(),
                d.coldPathQueue());
        SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), Duration.ofMillis(500), Duration.ofSeconds(1));
        MockProducer<byte[], byte[]> own = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (KafkaEventPublisher answering = new KafkaEventPublisher(own,
                new AvroSerializer<SpecificRecord>(client, SchemaRegistryMode.AUTO_REGISTER, true),
                new AvroSerializer<SpecificRecord>(client, SchemaRegistryMode.AUTO_REGISTER, false),
                availability, new ProduceMetrics(meters, List.of("payments")), Topics.all(), quickAnswer)) {
            availability.setAvailable(true, 1, "cluster", null);
            assertThat(answering.prefetchMetadata()).isTrue();
            assertThat(answering.warmUpSchemas()).isTrue();

            CompletableFuture<Delivery> delivery = answering.publish(Topics.PAYMENTS, "c-1", payment());
            CompletableFuture<Delivery> answer = answering.answerInTime("payments", delivery);
            PublishException late = failure(answer);
            assertThat(late.kind()).isEqualTo(PublishException.Kind.TIMEOUT);
            assertThat(late.mayHaveBeenWritten()).isTrue();
            assertThat(late.getMessage()).contains("within 200 ms", "may yet be written");
            assertThat(delivery).as("the producer still has the record").isNotDone();
            // Counted on the timer's thread just after it answered.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    meters.get(ProduceMetrics.ANSWER_TIMEOUTS).tags("topic", "payments").counter().count())
                    .isEqualTo(1));

            assertThat(own.completeNext()).isTrue();
            assertThat(delivery.get(5, TimeUnit.SECONDS).topic()).isEqualTo("payments");

            // An ack within the answer timeout is the answer.
            CompletableFuture<Delivery> quick = answering.answerInTime("payments",
                    answering.publish(Topics.PAYMENTS, "c-1", payment()));
            assertThat(own.completeNext()).isTrue();
            assertThat(quick.get(5, TimeUnit.SECONDS).topic()).isEqualTo("payments");
        }
    }

    private PublishException failureAfterAppend(RuntimeException error) {
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment());
        assertThat(future).isNotDone();
        producer.errorNext(error);
        return failure(future);
    }

    private PublishException.Kind failOnSend(RuntimeException error) {
        CompletableFuture<Delivery> future = publisher.publish(Topics.PAYMENTS, "c-1", payment());
        producer.errorNext(error);
        PublishException failure = failure(future);
        assertThat(failure.topic()).isEqualTo("payments");
        assertThat(failure).hasCause(error);
        return failure.kind();
    }

    @Test
    void unsupportedValueTypeIsASerializationFailure() {
        warm();
        Topic<String, Object> odd = new Topic<>("payments", String.class, Object.class);
        CompletableFuture<Delivery> future = publisher.publish(odd, "k", new Object());
        assertThat(failure(future).kind()).isEqualTo(PublishException.Kind.SERIALIZATION);
    }

    @Test
    void closeFlushesAndClosesTheProducerThenRejects() {
        warm();
        publisher.close();
        assertThat(producer.closed()).isTrue();
        assertThat(failure(publisher.publish(Topics.PAYMENTS, "c-1", payment())).kind())
                .isEqualTo(PublishException.Kind.KAFKA_UNAVAILABLE);
    }

    @Test
    void classificationOfRegistryFailuresInsideSerializationExceptions() {
        assertThat(KafkaEventPublisher.classify(new org.apache.kafka.common.errors.SerializationException("x",
                new io.streamgate.platform.avro.SchemaRegistryUnavailableException("down", null))))
                .isEqualTo(PublishException.Kind.REGISTRY_UNAVAILABLE);
        assertThat(KafkaEventPublisher.classify(new org.apache.kafka.common.errors.SerializationException("x",
                new io.streamgate.platform.avro.SchemaRegistryRequestException("bad", 409, 409))))
                .isEqualTo(PublishException.Kind.SERIALIZATION);
        assertThat(KafkaEventPublisher.classify(new IllegalStateException("Cannot perform operation after producer has been closed")))
                .isEqualTo(PublishException.Kind.KAFKA_UNAVAILABLE);
    }
}
