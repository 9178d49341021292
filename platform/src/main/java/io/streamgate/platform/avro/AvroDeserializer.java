package io.streamgate.platform.avro;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka deserializer for Confluent-framed Avro into the specific record class {@code T}. The reader schema is the
 * class's schema; the writer schema is fetched by the id in the payload and cached forever (with the resolving reader
 * built for it), so after the first record of a schema id there is no registry call.
 * <p>
 * Failures are {@link SerializationException}s with a clear message (unknown magic byte, unknown schema id, registry
 * unavailable, undecodable body); the cause carries the typed registry failure where there is one. Thread-safe.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    private final SchemaRegistryClient client;
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private final ConcurrentHashMap<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = Objects.requireNonNull(client, "client");
        this.type = Objects.requireNonNull(type, "type");
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    /**
     * The registry failure that kept a record from being decoded, when there is one that may pass: the registry could
     * not be asked (down, timing out, answering 5xx, refusing us, or a 404 that is not its own "not found": see
     * {@link SchemaRegistryClient}), so the record must be read again later. Empty when
     * the failure is the record's own: no magic byte, a header too short, a body the writer schema cannot read, or a
     * schema id the registry answered it does not know. The rule the platform's Kafka Streams applications apply to
     * tell poison from a failure to retry (the consumers' batch listener applies the same one).
     */
    public static Optional<SchemaRegistryException> transientRegistryFailure(Throwable decodingFailure) {
        for (Throwable cause = decodingFailure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryRequestException.SubjectNotFound) {
                return Optional.empty();
            }
            if (cause instanceof SchemaRegistryException registryFailure) {
                return Optional.of(registryFailure);
            }
        }
        return Optional.empty();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("Record on topic '" + topic + "' is " + data.length
                    + " bytes, shorter than the 5-byte Confluent Avro header (magic byte + schema id)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException("Unknown magic byte " + data[0] + " in record on topic '" + topic
                    + "': not Confluent-framed Avro (expected magic byte 0)");
        }
        int id = WireFormat.schemaId(data);
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            reader = reader(topic, id);
        }
        BinaryDecoder[] holder = DECODER.get();
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, holder[0]);
            holder[0] = decoder;
            return reader.read(null, decoder);
        } catch (Exception e) {
            throw new SerializationException("Could not decode a record on topic '" + topic + "' with writer schema id "
                    + id + " into " + type.getName() + ": " + e, e);
        }
    }

    private SpecificDatumReader<T> reader(String topic, int id) {
        Schema writer;
        try {
            writer = client.schemaById(id);
        } catch (SchemaRegistryRequestException.SubjectNotFound e) {
            throw new SerializationException("Unknown schema id " + id + " in record on topic '" + topic
                    + "': the Schema Registry does not know it", e);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Could not fetch writer schema id " + id + " for a record on topic '"
                    + topic + "': " + e.getMessage(), e);
        }
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(writer, readerSchema, model);
        SpecificDatumReader<T> previous = readers.putIfAbsent(id, reader);
        return previous != null ? previous : reader;
    }
}
