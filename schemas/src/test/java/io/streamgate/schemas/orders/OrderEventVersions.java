package io.streamgate.schemas.orders;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code order-event} schema of the build before this one and of the build after it, as a rolling deployment runs
 * them side by side, and outbox payloads as those builds write them. The contract's git history holds a single
 * version (its first commit), so both are made from the current one: the previous without the optional
 * {@code request_id} (an optional field added since), the next with one more optional field ({@code channel}).
 * Test code of the contracts, shared with the platform's and the app's tests through this module's test jar.
 */
public final class OrderEventVersions {

    private OrderEventVersions() {
    }

    public static Schema previous() {
        return withFields(OrderEvent.getClassSchema().getFields().stream()
                .filter(f -> !f.name().equals("request_id")).map(OrderEventVersions::copy).toList());
    }

    public static Schema next() {
        List<Schema.Field> fields = new ArrayList<>(OrderEvent.getClassSchema().getFields().stream()
                .map(OrderEventVersions::copy).toList());
        fields.add(new Schema.Field("channel", Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "Where the change came from.", Schema.Field.NULL_DEFAULT_VALUE));
        return withFields(fields);
    }

    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * {@code event} as a build with {@code writer} appends it: Avro single-object encoding with that schema (fields
     * the writer lacks are left out, fields only it has are null).
     */
    public static byte[] payload(Schema writer, OrderEvent event) {
        GenericData model = SpecificData.getForClass(OrderEvent.class);
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Schema.Field current = event.getSchema().getField(field.name());
            record.put(field.name(), current == null ? null : event.get(current.pos()));
        }
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(model, writer).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema withFields(List<Schema.Field> fields) {
        Schema current = OrderEvent.getClassSchema();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static Schema.Field copy(Schema.Field field) {
        return new Schema.Field(field, field.schema());
    }
}
