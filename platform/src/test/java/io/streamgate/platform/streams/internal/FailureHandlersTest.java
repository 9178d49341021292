package io.streamgate.platform.streams.internal;

import io.streamgate.platform.avro.AvroSerdes;
import io.streamgate.platform.avro.FakeSchemaRegistry;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.avro.SchemaRegistryMode;
import io.streamgate.platform.streams.RecordRejectedException;
import io.streamgate.schemas.payments.Payment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchException;

/**
 * Which failures of a Kafka Streams application are poison (dead-lettered, the task goes on) and which fail the task
 * (retried): failures produced by the platform's real Avro serde against a fake registry, not hand-made exceptions.
 */
class FailureHandlersTest {

    private static final String TOPIC = "payments";
    private static final String DLT = "app.DLT";
    private static final Map<String, Object> CONFIG = Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLT);
    private static final byte[] KEY = "key-1".getBytes(StandardCharsets.UTF_8);

    private FakeSchemaRegistry registry;
    private Serde<Payment> writer;
    /** A reader that has seen no schema yet: what a join has after a restart or a rebalance. */
    private Serde<Payment> coldReader;

    private final DeserializationFailures deserialization = new DeserializationFailures();
    private final ProcessingFailures processing = new ProcessingFailures();
    private final ProductionFailures production = new ProductionFailures();

    @BeforeEach
    void start() throws Exception {
        registry = new FakeSchemaRegistry();
        writer = AvroSerdes.specific(Payment.class, client(), SchemaRegistryMode.AUTO_REGISTER, false);
        coldReader = AvroSerdes.specific(Payment.class, client(), SchemaRegistryMode.AUTO_REGISTER, false);
        deserialization.configure(CONFIG);
        processing.configure(CONFIG);
        production.configure(CONFIG);
    }

    private SchemaRegistryClient client() {
        return new SchemaRegistryClient(registry.url(), Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void shouldDeadLetterBytesThatCanNeverDecodeAndGoOn() {
        byte[] good = writer.serializer().serialize(TOPIC, payment());
        byte[] unknownId = good.clone();
        unknownId[4] = 99;
        byte[] truncated = Arrays.copyOf(good, 8);

        for (byte[] poison : new byte[][]{"{\"json\": true}".getBytes(StandardCharsets.UTF_8), new byte[]{0, 0},
                unknownId, truncated}) {
            Exception failure = decodingFailure(poison);

            DeserializationExceptionHandler.Response response =
                    deserialization.handleError(context(poison), consumed(poison), failure);

            assertThat(response.result()).as(failure.getMessage()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
            assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(letter -> {
                assertThat(letter.topic()).isEqualTo(DLT);
                assertThat(letter.key()).isEqualTo(KEY);
                assertThat(letter.value()).isEqualTo(poison);
            });
        }
    }

    @Test
    void shouldFailTheTaskWhenTheWriterSchemaCannotBeFetched() {
        byte[] good = writer.serializer().serialize(TOPIC, payment());

        for (int status : new int[]{503, 500, 401}) {
            registry.forceStatus(status);
            Exception failure = decodingFailure(good);

            DeserializationExceptionHandler.Response response =
                    deserialization.handleError(context(good), consumed(good), failure);

            assertThat(response.result()).as("registry answering " + status)
                    .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
            assertThat(response.deadLetterQueueRecords()).isEmpty();
        }

        registry.close();
        Exception unreachable = decodingFailure(good);
        assertThat(deserialization.handleError(context(good), consumed(good), unreachable).result())
                .as("registry unreachable").isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }

    @Test
    void shouldDeadLetterOnlyARecordAProcessorRejectedAndFailTheTaskOnAnythingElse() {
        byte[] value = writer.serializer().serialize(TOPIC, payment());
        Record<String, Payment> record = new Record<>("key-1", payment(), 0L);

        ProcessingExceptionHandler.Response rejected = processing.handleError(context(value), record,
                new RecordRejectedException("key is not the payment id"));
        assertThat(rejected.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(rejected.deadLetterQueueRecords()).singleElement()
                .satisfies(letter -> assertThat(letter.value()).isEqualTo(value));

        // Under use-latest, the joined topic's subject not registered yet: the registry answers 404 40401.
        Exception sinkFailure = new StreamsException("Unable to serialize record", catchException(() ->
                AvroSerdes.specific(Payment.class, client(), SchemaRegistryMode.USE_LATEST, false).serializer()
                        .serialize("joined", payment())));
        for (Exception failure : new Exception[]{sinkFailure, new IllegalStateException("a bug"),
                new RuntimeException(new RecordRejectedException("wrapped: not the processor's own rejection"))}) {
            ProcessingExceptionHandler.Response response = processing.handleError(context(value), record, failure);

            assertThat(response.result()).as(failure.toString()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
            assertThat(response.deadLetterQueueRecords()).isEmpty();
        }
    }

    @Test
    void shouldFailTheTaskWhenAPunctuationFails() {
        ProcessingExceptionHandler.Response response = processing.handleError(punctuation(), null,
                new RecordRejectedException("nothing to set aside in a punctuation"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldFailTheTaskWhenItsOwnOutputCannotBeSerializedAndRetryRetriableSends() {
        byte[] value = writer.serializer().serialize(TOPIC, payment());
        registry.close();
        Exception coldSerializer = catchException(() -> AvroSerdes.specific(Payment.class, client(),
                SchemaRegistryMode.AUTO_REGISTER, false).serializer().serialize("joined", payment()));
        ProducerRecord<String, Payment> output = new ProducerRecord<>("joined", "key-1", payment());

        ProductionExceptionHandler.Response serialization = production.handleSerializationError(context(value),
                output, coldSerializer, ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
        assertThat(serialization.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(serialization.deadLetterQueueRecords()).as("the input is no poison: no copy per retry").isEmpty();

        ProducerRecord<byte[], byte[]> sent = new ProducerRecord<>("joined", KEY, value);
        assertThat(production.handleError(context(value), sent, new NotEnoughReplicasException("min ISR")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RETRY);
        ProductionExceptionHandler.Response tooLarge =
                production.handleError(context(value), sent, new RecordTooLargeException("too large"));
        assertThat(tooLarge.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(tooLarge.deadLetterQueueRecords()).isEmpty();
    }

    private Exception decodingFailure(byte[] value) {
        Exception failure = catchException(() -> coldReader.deserializer().deserialize(TOPIC, value));
        assertThat(failure).as("decoding must fail").isNotNull();
        return failure;
    }

    private static Payment payment() {
        return Payment.newBuilder().setPaymentId(UUID.fromString("00000000-0000-0000-0000-000000000001"))
                .setCustomerId("customer-1").setAmount(new BigDecimal("12.34")).setCurrency("EUR")
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }

    private static ConsumerRecord<byte[], byte[]> consumed(byte[] value) {
        return new ConsumerRecord<>(TOPIC, 2, 42L, KEY, value);
    }

    private static ErrorHandlerContext context(byte[] value) {
        return new Context(TOPIC, 2, 42L, new RecordHeaders(), "source", new TaskId(0, 2), 1L, KEY, value);
    }

    private static ErrorHandlerContext punctuation() {
        return new Context(null, -1, -1L, new RecordHeaders(), "processor", new TaskId(0, 2), 1L, null, null);
    }

    private record Context(String topic, int partition, long offset, Headers headers, String processorNodeId,
                           TaskId taskId, long timestamp, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
    }
}
