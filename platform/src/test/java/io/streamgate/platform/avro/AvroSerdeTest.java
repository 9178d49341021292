package io.streamgate.platform.avro;

import io.streamgate.schemas.payments.Payment;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AvroSerdeTest {

    private static final String TOPIC = "payments";
    private static final String SUBJECT = "payments-value";

    private FakeSchemaRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeSchemaRegistry();
        client = new SchemaRegistryClient(registry.url(), Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    static Payment payment(int i) {
        return Payment.newBuilder()
                .setPaymentId(UUID.randomUUID())
                .setCustomerId("customer-" + i)
                .setAmount(new BigDecimal("12.34").add(BigDecimal.valueOf(i)))
                .setCurrency("EUR")
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                .setRequestId(i % 2 == 0 ? "req-" + i : null)
                .build();
    }

    private static byte[] plainAvro(Payment payment) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Payment>(Payment.class).write(payment, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void roundTripInConfluentWireFormat() throws Exception {
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.AUTO_REGISTER, false);
        AvroDeserializer<Payment> deserializer = new AvroDeserializer<>(client, Payment.class);
        Payment payment = payment(1);

        byte[] bytes = serializer.serialize(TOPIC, payment);

        int id = serializer.schemaId(TOPIC, Payment.getClassSchema());
        assertThat(id).isPositive();
        byte[] expected = ByteBuffer.allocate(5 + plainAvro(payment).length)
                .put((byte) 0).putInt(id).put(plainAvro(payment)).array();
        assertThat(bytes).isEqualTo(expected);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(payment);
        assertThat(registry.requests()).containsExactly("POST /subjects/payments-value/versions");
        assertThat(serializer.serialize(TOPIC, null)).isNull();
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void schemaIdIsResolvedOnceForManyRecords() {
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.AUTO_REGISTER, false);
        for (int i = 0; i < 1000; i++) {
            serializer.serialize(TOPIC, payment(i));
        }
        assertThat(registry.requests()).hasSize(1);

        // A fresh client (another process) decoding: one GET of the writer schema, then none.
        SchemaRegistryClient other = new SchemaRegistryClient(registry.url());
        AvroDeserializer<Payment> deserializer = new AvroDeserializer<>(other, Payment.class);
        for (int i = 0; i < 1000; i++) {
            Payment payment = payment(i);
            assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, payment))).isEqualTo(payment);
        }
        // The fake registry counts what reached it: the one registration above, then one GET of the writer schema.
        assertThat(registry.requests()).hasSize(2).last().asString().startsWith("GET /schemas/ids/");
    }

    @Test
    void keysUseTheKeySubject() {
        new AvroSerializer<Payment>(client, SchemaRegistryMode.AUTO_REGISTER, true).serialize(TOPIC, payment(1));
        assertThat(registry.requests()).containsExactly("POST /subjects/payments-key/versions");
    }

    @Test
    void registryDownAfterWarmUpStillSerializesAndDeserializes() {
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.AUTO_REGISTER, false);
        AvroDeserializer<Payment> deserializer = new AvroDeserializer<>(client, Payment.class);
        serializer.warmUp(TOPIC, Payment.class);
        assertThat(serializer.isWarm(TOPIC, Payment.getClassSchema())).isTrue();

        registry.close();

        Payment payment = payment(7);
        assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, payment))).isEqualTo(payment);
    }

    @Test
    void registryDownBeforeWarmUpIsATypedRetriableFailure() {
        registry.close();
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.AUTO_REGISTER, false);
        long start = System.nanoTime();
        assertThatThrownBy(() -> serializer.serialize(TOPIC, payment(1)))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void registry5xxIsUnavailable4xxIsTyped() {
        registry.forceStatus(503);
        assertThatThrownBy(() -> client.register(SUBJECT, Payment.getClassSchema()))
                .isInstanceOf(SchemaRegistryUnavailableException.class).hasMessageContaining("503");
        registry.forceStatus(409);
        assertThatThrownBy(() -> client.register(SUBJECT, Payment.getClassSchema()))
                .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("incompatible");
        registry.forceStatus(422);
        assertThatThrownBy(() -> client.register(SUBJECT, Payment.getClassSchema()))
                .isInstanceOfSatisfying(SchemaRegistryRequestException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(42200));
        registry.forceStatus(0);
        assertThatThrownBy(() -> client.latest("nope-value"))
                .isInstanceOfSatisfying(SchemaRegistryRequestException.SubjectNotFound.class, e -> {
                    assertThat(e.subject()).isEqualTo("nope-value");
                    assertThat(e.errorCode()).isEqualTo(40401);
                });
        assertThatThrownBy(() -> client.lookup("nope-value", Payment.getClassSchema()))
                .isInstanceOf(SchemaRegistryRequestException.SubjectNotFound.class);
    }

    @Test
    void only404sCarryingTheRegistrysNotFoundCodeMeanNotFound() {
        int known = registry.preRegister(SUBJECT, Payment.getClassSchema().toString());

        // A proxy or ingress with no route answers for the registry: that is an outage of the path, not an answer.
        registry.forceRawAnswer(404, "text/html", "<html><body><h1>404 Not Found</h1>nginx</body></html>");
        assertThatThrownBy(() -> client.schemaById(known))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("404").hasMessageContaining("not the registry's own answer");
        assertThatThrownBy(() -> client.latest(SUBJECT)).isInstanceOf(SchemaRegistryUnavailableException.class);
        assertThatThrownBy(() -> new AvroDeserializer<>(client, Payment.class).deserialize(TOPIC,
                new byte[]{0, 0, 0, 0x30, 0x39, 2}))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageNotContaining("Unknown schema id");
        // JSON, but not one of the registry's not-found codes (a gateway's own error document).
        registry.forceRawAnswer(404, "application/json", "{\"code\":404,\"message\":\"no route\"}");
        assertThatThrownBy(() -> client.schemaById(known)).isInstanceOf(SchemaRegistryUnavailableException.class);
        registry.forceStatus(404);
        assertThatThrownBy(() -> client.schemaById(known)).isInstanceOf(SchemaRegistryUnavailableException.class);
        registry.forceStatus(0);

        // The registry's own answers: 40403 schema, 40401 subject.
        registry.forceRawAnswer(null, null, null);
        assertThat(client.schemaById(known)).isEqualTo(Payment.getClassSchema());
        assertThatThrownBy(() -> client.schemaById(12345))
                .isInstanceOfSatisfying(SchemaRegistryRequestException.SubjectNotFound.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> new AvroDeserializer<>(client, Payment.class).deserialize(TOPIC,
                new byte[]{0, 0, 0, 0x30, 0x39, 2}))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryRequestException.SubjectNotFound.class)
                .hasMessageContaining("Unknown schema id 12345");
        assertThatThrownBy(() -> client.latest("nope-value"))
                .isInstanceOfSatisfying(SchemaRegistryRequestException.SubjectNotFound.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401));
    }

    @Test
    void useLatestWithTheSameSchemaWritesItsIdWithoutRegistering() {
        // Registered by CI with different formatting and docs: same parsing canonical form.
        String registered = Payment.getClassSchema().toString(true).replace("\"doc\"", "\"x-doc\"");
        int id = registry.preRegister(SUBJECT, registered);
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.USE_LATEST, false);

        Payment payment = payment(3);
        byte[] bytes = serializer.serialize(TOPIC, payment);
        for (int i = 0; i < 100; i++) {
            serializer.serialize(TOPIC, payment(i));
        }

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(registry.requests()).containsExactly("GET /subjects/payments-value/versions/latest");
        assertThat(new AvroDeserializer<>(client, Payment.class).deserialize(TOPIC, bytes)).isEqualTo(payment);
    }

    @Test
    void useLatestWithACompatibleNewerSchemaWritesTheResolvedRecord() throws Exception {
        // The registry is ahead of this build: a new optional field with a default.
        String newer = Payment.getClassSchema().toString().replace("]}", ",{\"name\":\"channel\",\"type\":\"string\",\"default\":\"web\"}]}");
        Schema newerSchema = new Schema.Parser().parse(newer);
        assertThat(newerSchema.getField("channel")).isNotNull();
        int id = registry.preRegister(SUBJECT, newer);
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.USE_LATEST, false);

        Payment payment = payment(4);
        byte[] bytes = serializer.serialize(TOPIC, payment);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        GenericRecord onTheWire = new GenericDatumReader<GenericRecord>(newerSchema, newerSchema, GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null));
        assertThat(onTheWire.get("channel").toString()).isEqualTo("web");
        assertThat(onTheWire.get("customer_id").toString()).isEqualTo("customer-4");
        // Readers with this build's class resolve it back.
        assertThat(new AvroDeserializer<>(new SchemaRegistryClient(registry.url()), Payment.class)
                .deserialize(TOPIC, bytes)).isEqualTo(payment);
        assertThat(registry.requests()).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void useLatestWithAnIncompatibleSchemaFailsClearly() {
        String newer = Payment.getClassSchema().toString().replace("]}", ",{\"name\":\"channel\",\"type\":\"string\"}]}");
        registry.preRegister(SUBJECT, newer);
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.USE_LATEST, false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, payment(1)))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("payments-value")
                .hasMessageContaining("channel");
    }

    @Test
    void useLatestWithoutASubjectFails() {
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.USE_LATEST, false);
        assertThatThrownBy(() -> serializer.serialize(TOPIC, payment(1)))
                .isInstanceOf(SerializationException.class)
                .hasCauseInstanceOf(SchemaRegistryRequestException.SubjectNotFound.class);
    }

    @Test
    void deserializerRejectsForeignPayloads() {
        AvroDeserializer<Payment> deserializer = new AvroDeserializer<>(client, Payment.class);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[]{1, 0, 0, 0, 1, 2, 3}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown magic byte 1");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"a\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[]{0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[]{0, 0, 0, 0x30, 0x39, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Unknown schema id 12345");
    }

    @Test
    void deserializerReportsUndecodableBodies() {
        AvroSerializer<Payment> serializer = new AvroSerializer<>(client, SchemaRegistryMode.AUTO_REGISTER, false);
        byte[] bytes = serializer.serialize(TOPIC, payment(1));
        byte[] truncated = Arrays.copyOf(bytes, 8);
        assertThatThrownBy(() -> new AvroDeserializer<>(client, Payment.class).deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Could not decode");
    }

    @Test
    void decodingFailuresOfTheRecordAreToldFromARegistryThatCouldNotBeAsked() {
        byte[] good = new AvroSerializer<Payment>(client, SchemaRegistryMode.AUTO_REGISTER, false)
                .serialize(TOPIC, payment(1));
        byte[] unknownId = good.clone();
        unknownId[4] = 99;
        for (byte[] poison : new byte[][]{"{\"a\":1}".getBytes(), new byte[]{0, 0}, unknownId, Arrays.copyOf(good, 8)}) {
            assertThat(AvroDeserializer.transientRegistryFailure(decodingFailure(poison))).isEmpty();
        }

        for (int status : new int[]{503, 500, 401}) {
            registry.forceStatus(status);
            assertThat(AvroDeserializer.transientRegistryFailure(decodingFailure(good))).as("registry answering " + status)
                    .containsInstanceOf(status == 401 ? SchemaRegistryRequestException.class
                            : SchemaRegistryUnavailableException.class);
        }
        registry.close();
        assertThat(AvroDeserializer.transientRegistryFailure(decodingFailure(good))).as("registry unreachable")
                .containsInstanceOf(SchemaRegistryUnavailableException.class);
    }

    /** How a reader that has not seen the record's schema yet fails on {@code value}. */
    private SerializationException decodingFailure(byte[] value) {
        AvroDeserializer<Payment> cold = new AvroDeserializer<>(
                new SchemaRegistryClient(registry.url(), Duration.ofMillis(500), Duration.ofSeconds(2)), Payment.class);
        return catchThrowableOfType(SerializationException.class, () -> cold.deserialize(TOPIC, value));
    }

    @Test
    void oneSerializerServesManyTopicsAndTypes() {
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>(client, SchemaRegistryMode.AUTO_REGISTER, false);
        serializer.serialize("a", payment(1));
        serializer.serialize("b", payment(2));
        serializer.serialize("a", payment(3));
        assertThat(registry.requests()).containsExactly(
                "POST /subjects/a-value/versions", "POST /subjects/b-value/versions");
    }

    @Test
    void serdesRoundTrip() {
        try (Serde<Payment> serde = AvroSerdes.specific(Payment.class, client, false)) {
            Payment payment = payment(9);
            assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, payment)))
                    .isEqualTo(payment);
        }
    }
}
