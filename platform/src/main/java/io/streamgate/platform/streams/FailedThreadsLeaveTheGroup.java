package io.streamgate.platform.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

import java.util.Map;

/**
 * Kafka Streams' clients as its default supplier makes them, except that the main consumer of a stream thread that
 * failed leaves the consumer group when it is closed, so that its replacement gets the tasks at once.
 * <p>
 * Why: Kafka Streams (4.3, classic group protocol) replaces a failed thread ({@code REPLACE_THREAD}) and closes the
 * failed thread's consumer with {@code REMAIN_IN_GROUP}, which overrides the {@code LEAVE_GROUP} its run loop asked
 * for when it caught the failure. The failed member then stays in the group until its session times out
 * ({@code session.timeout.ms}, 45 s by default), and the group's rebalance, hence the replacement's tasks, waits for
 * it. Kafka Streams has no setting for it: {@code internal.leave.group.on.close} is gone (KAFKA-18185), and the close
 * option wins over any default.
 * <p>
 * How: the uncaught-exception handler calls {@link #leaveOnClose()} on the failed thread; Kafka Streams closes that
 * thread's main consumer later on the same thread (after the handler, once its tasks are closed), and a consumer closed
 * on a thread so marked closes with {@code LEAVE_GROUP}. Nothing else changes: a clean stop leaves anyway
 * ({@link ManagedKafkaStreams#stop()}), and a crashed process (no close at all) is still found out by the session
 * timeout. Under {@code group.protocol=streams} (KIP-1071) Kafka Streams makes its main consumer itself and a closing
 * member always leaves; this supplier's main consumer is then not used.
 */
final class FailedThreadsLeaveTheGroup implements KafkaClientSupplier {

    /** Set on a stream thread that failed; read when that thread closes its main consumer. */
    private final ThreadLocal<Boolean> failed = ThreadLocal.withInitial(() -> false);

    /** Marks the current thread, a stream thread that failed, so that its main consumer leaves the group on close. */
    void leaveOnClose() {
        failed.set(true);
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new MainConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A stream thread's group member: leaves the group when closed by its thread after that thread failed. */
    private final class MainConsumer extends KafkaConsumer<byte[], byte[]> {

        MainConsumer(Map<String, Object> config) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public void close(CloseOptions options) {
            if (failed.get() && options.groupMembershipOperation() != CloseOptions.GroupMembershipOperation.LEAVE_GROUP) {
                CloseOptions leaving = CloseOptions.groupMembershipOperation(
                        CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
                super.close(options.timeout().map(leaving::withTimeout).orElse(leaving));
            } else {
                super.close(options);
            }
        }
    }
}
