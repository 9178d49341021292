package io.streamgate.platform.outbox.internal;

import io.streamgate.schemas.Topic;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How an event waits in the outbox: Avro single-object encoding of the catalogue topic's value type (the writer
 * schema's fingerprint, then the binary datum). The row needs no registry at append time. The relay decodes it with
 * the schema that wrote it, found by fingerprint in a {@link SchemaStore} ({@link OutboxSchemas}: every build's
 * schemas), resolved into this build's class by Avro's schema resolution: a row of an older or a newer build of a
 * compatible schema is read, not refused; fields this build does not know are dropped, fields the writer did not have
 * take their defaults. A payload whose schema no build stored, or that does not resolve, fails loudly instead of being
 * misread. The relay publishes the decoded record through the platform's publisher, which serializes it for the
 * registry as any other publish.
 */
final class OutboxCodec {

    private final Map<String, Topic<?, ?>> catalogue;
    private final Map<String, BinaryMessageDecoder<? extends SpecificRecord>> decoders;
    private final Map<String, BinaryMessageEncoder<SpecificRecord>> encoders;
    private final List<Schema> schemas;

    /**
     * @param topics  the catalogue; its topics with Avro values are the ones the outbox takes
     * @param writers  the schemas rows may have been written with besides this build's own
     */
    @SuppressWarnings("unchecked")
    OutboxCodec(Collection<? extends Topic<?, ?>> topics, SchemaStore writers) {
        this.catalogue = topics.stream().filter(t -> SpecificRecord.class.isAssignableFrom(t.valueType()))
                .collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));
        this.decoders = catalogue.values().stream().collect(Collectors.toUnmodifiableMap(Topic::name, t -> {
            Class<? extends SpecificRecord> type = (Class<? extends SpecificRecord>) t.valueType();
            SpecificData model = SpecificData.getForClass(type);
            return new BinaryMessageDecoder<>(model, model.getSchema(type), writers);
        }));
        this.encoders = catalogue.values().stream().collect(Collectors.toUnmodifiableMap(Topic::name, t -> {
            Class<? extends SpecificRecord> type = (Class<? extends SpecificRecord>) t.valueType();
            SpecificData model = SpecificData.getForClass(type);
            return new BinaryMessageEncoder<>(model, model.getSchema(type));
        }));
        this.schemas = catalogue.values().stream()
                .map(t -> SpecificData.getForClass(t.valueType()).getSchema(t.valueType())).distinct().toList();
    }

    /** The schemas this build writes: what {@link OutboxSchemas} must hold before a row of this build commits. */
    List<Schema> schemas() {
        return schemas;
    }

    /** The catalogue topic called {@code name}, or an exception naming it. */
    @SuppressWarnings("unchecked")
    Topic<String, SpecificRecord> topic(String name) {
        Topic<?, ?> topic = catalogue.get(name);
        if (topic == null || topic.keyType() != String.class) {
            throw new IllegalArgumentException("Not an event topic of the catalogue (String key, Avro value): " + name);
        }
        return (Topic<String, SpecificRecord>) topic;
    }

    byte[] encode(Topic<?, ?> topic, SpecificRecord event) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.get(topic(topic.name()).name());
        if (!topic.valueType().isInstance(event)) {
            throw new IllegalArgumentException("Topic " + topic.name() + " takes " + topic.valueType().getName()
                    + ", not " + event.getClass().getName());
        }
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the event for topic " + topic.name(), e);
        }
    }

    /**
     * Decodes a row's payload into this build's class for the topic.
     *
     * @throws org.springframework.dao.DataAccessException when the writer schema had to be looked up and the database
     *         failed: nothing is known about the row yet
     * @throws RuntimeException (anything else) when the row cannot be decoded by this build
     */
    SpecificRecord decode(String topicName, byte[] payload) {
        topic(topicName);
        try {
            return decoders.get(topicName).decode(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not decode an outbox event of topic " + topicName, e);
        }
    }
}
