package io.streamgate.platform.outbox.internal;

import io.streamgate.schemas.orders.OrderEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code order-event} schema of the build before this one and of the build after it, as a rolling deployment has
 * them side by side. The contract's git history holds a single version (its first commit), so they are made from the
 * current one: the previous without the optional {@code request_id} (an optional field added since), the next with
 * one more optional field ({@code channel}).
 */
final class OrderEventVersions {

    private OrderEventVersions() {
    }

    static Schema previous() {
        return withFields(OrderEvent.getClassSchema().getFields().stream()
                .filter(f -> !f.name().equals("request_id")).map(OrderEventVersions::copy).toList());
    }

    static Schema next() {
        List<Schema.Field> fields = new ArrayList<>(OrderEvent.getClassSchema().getFields().stream()
                .map(OrderEventVersions::copy).toList());
        fields.add(new Schema.Field("channel", Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "Where the change came from.", Schema.Field.NULL_DEFAULT_VALUE));
        return withFields(fields);
    }

    /**
     * {@code event} as a build with {@code writer} would have appended it: single-object encoding of the writer
     * schema (fields the writer lacks are left out, fields only it has are null).
     */
    static byte[] encode(Schema writer, OrderEvent event) throws IOException {
        GenericData model = SpecificData.getForClass(OrderEvent.class);
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Schema.Field current = event.getSchema().getField(field.name());
            record.put(field.name(), current == null ? null : event.get(current.pos()));
        }
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(model, writer).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Schema withFields(List<Schema.Field> fields) {
        Schema current = OrderEvent.getClassSchema();
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static Schema.Field copy(Schema.Field field) {
        return new Schema.Field(field, field.schema());
    }
}
