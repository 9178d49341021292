package io.streamgate.platform.consumer.internal;

import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends a poison record to {@code <topic>.DLT} with Spring Kafka's {@link DeadLetterPublishingRecoverer}: key and value
 * bytes unchanged, same partition, the original headers plus {@code kafka_dlt-original-topic/-partition/-offset/
 * -timestamp/-timestamp-type/-consumer-group} and {@code kafka_dlt-exception-fqcn/-cause-fqcn/-message/-stacktrace}.
 * The exception it records is the record's own failure (the decoding error or the handler's rejection), not the
 * container's wrappers around it. The send waits for the broker's ack; if it fails, the record is not committed and
 * is tried again.
 * <p>
 * Dead letters are at least once: a crash after the send and before the offset commit sends the record again. Every
 * copy carries the same {@link EventHeaders#DEAD_LETTER_ID} (origin topic, partition, offset and group), so a reader
 * of the dead-letter topic drops the copies by it.
 */
final class DeadLetters implements ConsumerAwareRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;
    private final ConsumerMetrics metrics;

    DeadLetters(KafkaOperations<byte[], byte[]> template, String group, ConsumerMetrics metrics) {
        this.metrics = metrics;
        this.recoverer = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetterOf(record.topic()), record.partition()));
        byte[] groupBytes = group.getBytes(StandardCharsets.UTF_8);
        recoverer.addHeadersFunction((record, exception) -> new RecordHeaders(List.of(
                new RecordHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, groupBytes),
                new RecordHeader(EventHeaders.DEAD_LETTER_ID, deadLetterId(record, group)))));
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception exception) {
        Exception cause = recordFailure(exception);
        recoverer.accept(record, consumer, cause);
        String reason = cause instanceof io.streamgate.platform.consumer.EventRejectedException ? "rejected" : "undecodable";
        metrics.deadLettered(reason);
        log.warn("Dead-lettered {}-{}@{} to {}: {}", record.topic(), record.partition(), record.offset(),
                Topics.deadLetterOf(record.topic()), cause.getMessage());
    }

    /**
     * The same for every copy of one record's dead letter by one group, and for no other: the send and the offset
     * commit are two steps, so a consumer that dies between them sends the record again after its restart.
     */
    static byte[] deadLetterId(ConsumerRecord<?, ?> record, String group) {
        return (record.topic() + "-" + record.partition() + "@" + record.offset() + ":" + group)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Exception recordFailure(Exception exception) {
        Throwable current = exception;
        while ((current instanceof ListenerExecutionFailedException || current instanceof BatchListenerFailedException)
                && current.getCause() instanceof Exception cause) {
            current = cause;
        }
        return (Exception) current;
    }
}
