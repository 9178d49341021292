package io.streamgate.platform.avro;

import io.streamgate.platform.avro.SchemaRegistryMode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Kafka serializer for Avro specific records in Confluent's wire format, with the schema id from the registry
 * (topic-name strategy: subject {@code <topic>-value} or {@code <topic>-key}).
 * <p>
 * The first record of each (topic, schema) pair resolves a plan (registry call, compatibility check); afterwards the
 * hot path does no HTTP and no schema work: one map lookup, encoding into a per-thread reused buffer, one array copy.
 * One instance may serve many topics and record types (the shared producer uses {@code AvroSerializer<SpecificRecord>}).
 * <p>
 * Failures are {@link SerializationException}s whose cause is the typed registry failure
 * ({@link SchemaRegistryUnavailableException}, {@link IncompatibleSchemaException}, ...). Thread-safe.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistryClient client;
    private final SchemaRegistryMode mode;
    private final boolean isKey;
    /** Fast path: the plan last resolved for a topic, valid when its schema is the record's schema instance. */
    private final ConcurrentHashMap<String, Plan> planByTopic = new ConcurrentHashMap<>();
    /** All plans, for topics written with more than one schema. */
    private final ConcurrentHashMap<PlanKey, Plan> plans = new ConcurrentHashMap<>();

    public AvroSerializer(SchemaRegistryClient client, SchemaRegistryMode mode, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.isKey = isKey;
    }

    /** The subject of {@code topic} under the topic-name strategy. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        Plan plan = planByTopic.get(topic);
        if (plan == null || plan.schema != schema) {
            plan = plan(topic, schema, data.getClass());
        }
        WireFormat.Scratch scratch = WireFormat.Scratch.get();
        try {
            return plan.write(data, scratch);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Could not serialize a " + schema.getFullName() + " for topic '" + topic
                    + "' (schema id " + plan.id + "): " + e.getMessage(), e);
        } finally {
            scratch.trim();
        }
    }

    /**
     * Resolves the plan for records of {@code type} on {@code topic} now (registry calls included), so the first real
     * record does not pay for it. Throws the typed {@link SchemaRegistryException} on failure.
     */
    public void warmUp(String topic, Class<? extends SpecificRecord> type) {
        Schema schema = SpecificData.getForClass(type).getSchema(type);
        Plan plan = resolve(topic, schema, type);
        plans.putIfAbsent(new PlanKey(topic, schema), plan);
        planByTopic.putIfAbsent(topic, plan);
    }

    /** Whether records with this schema instance on this topic serialize without any registry call. */
    public boolean isWarm(String topic, Schema schema) {
        Plan plan = planByTopic.get(topic);
        return (plan != null && plan.schema == schema) || plans.containsKey(new PlanKey(topic, schema));
    }

    /** The schema id records with this schema get on this topic, or -1 if not resolved yet. */
    public int schemaId(String topic, Schema schema) {
        Plan plan = plans.get(new PlanKey(topic, schema));
        return plan == null ? -1 : plan.id;
    }

    private Plan plan(String topic, Schema schema, Class<?> type) {
        PlanKey key = new PlanKey(topic, schema);
        Plan plan = plans.get(key);
        if (plan == null) {
            try {
                plan = resolve(topic, schema, type);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Could not resolve the schema id of " + schema.getFullName()
                        + " for topic '" + topic + "' (subject '" + subject(topic, isKey) + "', mode " + mode + "): "
                        + e.getMessage(), e);
            }
            Plan previous = plans.putIfAbsent(key, plan);
            plan = previous != null ? previous : plan;
        }
        planByTopic.put(topic, plan);
        return plan;
    }

    private Plan resolve(String topic, Schema schema, Class<?> type) {
        String subject = subject(topic, isKey);
        SpecificData model = SpecificData.getForClass(type);
        DatumWriter<Object> writer = new SpecificDatumWriter<>(schema, model);
        if (mode == SchemaRegistryMode.AUTO_REGISTER) {
            return new Plan(schema, client.register(subject, schema), writer, null, null);
        }
        RegisteredSchema latest = client.latest(subject);
        if (SchemaNormalization.parsingFingerprint64(latest.schema()) == SchemaNormalization.parsingFingerprint64(schema)) {
            return new Plan(schema, latest.id(), writer, null, null);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String problems = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            throw new IncompatibleSchemaException(subject, "The latest schema of subject '" + subject + "' (id "
                    + latest.id() + ", version " + latest.version() + ") cannot read records written with "
                    + schema.getFullName() + " of this build, and registration is off (mode USE_LATEST): " + problems);
        }
        // Write ours, read it back resolved to the latest schema, write that: the record on the wire is exactly the
        // latest schema's encoding, so any reader that knows id N decodes it. Plain GenericData, no logical-type
        // conversions: values pass through in their raw encoded form, losslessly.
        GenericDatumReader<Object> resolver = new GenericDatumReader<>(schema, latest.schema(), GenericData.get());
        GenericDatumWriter<Object> latestWriter = new GenericDatumWriter<>(latest.schema(), GenericData.get());
        return new Plan(schema, latest.id(), writer, resolver, latestWriter);
    }

    private record PlanKey(String topic, Schema schema) {
    }

    private record Plan(Schema schema, int id, DatumWriter<Object> writer, GenericDatumReader<Object> resolver,
                        GenericDatumWriter<Object> latestWriter) {

        byte[] write(Object datum, WireFormat.Scratch s) throws IOException {
            WireFormat.Buffer out = s.out;
            out.writeHeader(id);
            if (resolver == null) {
                s.encoder = EncoderFactory.get().directBinaryEncoder(out, s.encoder);
                writer.write(datum, s.encoder);
            } else {
                WireFormat.Buffer tmp = s.resolve;
                tmp.reset();
                s.resolveEncoder = EncoderFactory.get().directBinaryEncoder(tmp, s.resolveEncoder);
                writer.write(datum, s.resolveEncoder);
                s.decoder = DecoderFactory.get().binaryDecoder(tmp.array(), 0, tmp.size(), s.decoder);
                Object resolved = resolver.read(null, s.decoder);
                s.encoder = EncoderFactory.get().directBinaryEncoder(out, s.encoder);
                latestWriter.write(resolved, s.encoder);
            }
            return out.copy();
        }
    }

    @Override
    public void close() {
        // The client is shared; nothing to close.
    }
}
