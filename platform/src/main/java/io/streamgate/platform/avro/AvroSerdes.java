package io.streamgate.platform.avro;

import io.streamgate.platform.avro.AvroDeserializer;
import io.streamgate.platform.avro.AvroSerializer;
import io.streamgate.platform.avro.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka Streams {@link Serde}s for Avro specific records over the shared registry client. The bean instance carries
 * the configured {@link SchemaRegistryMode}; the static factories take it explicitly.
 */
public final class AvroSerdes {

    private final SchemaRegistryClient client;
    private final SchemaRegistryMode mode;

    public AvroSerdes(SchemaRegistryClient client, SchemaRegistryMode mode) {
        this.client = client;
        this.mode = mode;
    }

    /** A serde for {@code type} with the configured mode. */
    public <T extends SpecificRecord> Serde<T> specific(Class<T> type, boolean isKey) {
        return specific(type, client, mode, isKey);
    }

    /**
     * A serde for the values of an application's internal topics (Kafka Streams changelogs): it always registers its
     * schema, whatever the configured mode, because such a schema is the application's private state, not a contract
     * a deployment publishes (under {@code use-latest} nothing else would ever register it).
     */
    public <T extends SpecificRecord> Serde<T> internal(Class<T> type) {
        return specific(type, client, SchemaRegistryMode.AUTO_REGISTER, false);
    }

    /** A serde for {@code type} that registers its schema ({@link SchemaRegistryMode#AUTO_REGISTER}). */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient client, boolean isKey) {
        return specific(type, client, SchemaRegistryMode.AUTO_REGISTER, isKey);
    }

    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                               SchemaRegistryMode mode, boolean isKey) {
        return Serdes.serdeFrom(new AvroSerializer<T>(client, mode, isKey), new AvroDeserializer<>(client, type));
    }
}
