package io.streamgate.platform.consumer.internal;

import io.streamgate.platform.avro.AvroDeserializer;
import io.streamgate.platform.consumer.ConsumedEvent;
import io.streamgate.platform.consumer.EventRejectedException;
import io.streamgate.platform.consumer.EventSubscription;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch listener of one subscription. Decodes the records of a poll, then applies the longest good prefix in one
 * database transaction (applied event ids + the handler's writes) and tells the error handler where it stopped:
 * <ul>
 *   <li>all applied: the container commits the offsets;</li>
 *   <li>a poison record at index i (undecodable, or rejected by the handler): the transaction holds records 0..i-1
 *   only, and {@code BatchListenerFailedException(i)} makes the error handler commit those, dead-letter record i and
 *   seek to the records after it;</li>
 *   <li>a transient failure (database or registry down): nothing after the last commit counts; the exception is marked
 *   {@link TransientFailure} and the error handler retries from the failed record with back-off.</li>
 * </ul>
 */
final class EventBatchListener<V extends SpecificRecord> implements BatchMessageListener<byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(EventBatchListener.class);

    private final EventSubscription<V> subscription;
    private final AvroDeserializer<V> deserializer;
    private final ProcessedEvents processed;
    private final TransactionTemplate transactions;
    private final ConsumerMetrics metrics;
    private final ConsumerState state;

    EventBatchListener(EventSubscription<V> subscription, AvroDeserializer<V> deserializer, ProcessedEvents processed,
                       TransactionTemplate transactions, ConsumerMetrics metrics, ConsumerState state) {
        this.subscription = subscription;
        this.deserializer = deserializer;
        this.processed = processed;
        this.transactions = transactions;
        this.metrics = metrics;
        this.state = state;
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumedEvent<V>> events = new ArrayList<>(records.size());
        RuntimeException failure = null;
        int failedAt = -1;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                events.add(decode(record));
            } catch (RuntimeException e) {
                failure = classifyDecodingFailure(e);
                failedAt = events.size();
                break;
            }
        }
        List<ConsumedEvent<V>> batch = events;
        while (!batch.isEmpty()) {
            try {
                apply(batch);
                break;
            } catch (EventRejectedException rejected) {
                int index = indexOf(batch, rejected.event());
                if (index < 0) {
                    throw transientFailure(new IllegalStateException("The handler rejected an event that is not in "
                            + "the batch it was given", rejected), 0);
                }
                failure = rejected;
                failedAt = index;
                batch = batch.subList(0, index);
            } catch (RuntimeException e) {
                throw transientFailure(e, 0);
            }
        }
        if (failure instanceof TransientFailure transientFailure) {
            throw transientFailure(transientFailure.getCause(), failedAt);
        }
        state.succeeded();
        if (failure != null) {
            throw new BatchListenerFailedException(failure.getMessage(), failure, failedAt);
        }
    }

    private void apply(List<ConsumedEvent<V>> batch) {
        int[] fresh = new int[1];
        transactions.executeWithoutResult(status -> {
            List<ConsumedEvent<V>> notApplied = processed.claim(subscription.group(), batch);
            if (!notApplied.isEmpty()) {
                subscription.handler().apply(notApplied);
            }
            fresh[0] = notApplied.size();
        });
        metrics.consumed(fresh[0], batch.size() - fresh[0]);
    }

    private ConsumedEvent<V> decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new SerializationException("Record has no value (a tombstone); topic '" + record.topic()
                    + "' carries events only");
        }
        V value = deserializer.deserialize(record.topic(), record.headers(), record.value());
        Object id = subscription.eventId().apply(value);
        if (id == null || id.toString().isBlank()) {
            throw new SerializationException("Record has no event id");
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return new ConsumedEvent<>(id.toString(), key, value, record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
    }

    /**
     * A record that cannot be decoded is poison, except when the registry could not be asked (down, timing out,
     * refusing us, or something in front of it answering 404 without the registry's not-found code): that is the
     * environment, and the record must wait for it. The platform's one rule, {@link
     * AvroDeserializer#transientRegistryFailure}, which its Kafka Streams applications apply too.
     */
    private static RuntimeException classifyDecodingFailure(RuntimeException e) {
        return AvroDeserializer.transientRegistryFailure(e).<RuntimeException>map(TransientFailure::new).orElse(e);
    }

    private BatchListenerFailedException transientFailure(Throwable cause, int index) {
        metrics.retried(cause);
        boolean first = state.failed(cause);
        String message = "Consumer group " + subscription.group() + " could not apply records of "
                + subscription.topic().name() + ", retrying with back-off: " + cause;
        if (first) {
            log.warn(message, cause);
        } else {
            log.warn(message);
        }
        return new BatchListenerFailedException(message, new TransientFailure(cause), index);
    }

    private static int indexOf(List<? extends ConsumedEvent<?>> batch, ConsumedEvent<?> event) {
        for (int i = 0; i < batch.size(); i++) {
            ConsumedEvent<?> candidate = batch.get(i);
            if (candidate.partition() == event.partition() && candidate.offset() == event.offset()
                    && candidate.topic().equals(event.topic())) {
                return i;
            }
        }
        return -1;
    }
}
