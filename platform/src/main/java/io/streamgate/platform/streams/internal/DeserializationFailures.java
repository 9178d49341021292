package io.streamgate.platform.streams.internal;

import io.streamgate.platform.avro.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A record that cannot be decoded. Poison, bytes that can never decode however often they are read (the rule of
 * {@link AvroDeserializer#transientRegistryFailure}, the consumers' too), goes to the dead-letter topic and the task
 * goes on (Kafka Streams' own {@link LogAndContinueExceptionHandler} with its dead-letter records). Anything else fails
 * the task, and the record is read again after the stream thread was replaced: a writer schema not cached while the
 * registry cannot be asked, or a failure that is not a {@link SerializationException} at all (a bug in a deserializer
 * is fixed and the record read again).
 */
public final class DeserializationFailures implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeserializationFailures.class);

    private final LogAndContinueExceptionHandler deadLetter = new LogAndContinueExceptionHandler();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetter.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof SerializationException
                && AvroDeserializer.transientRegistryFailure(exception).isEmpty()) {
            return deadLetter.handleError(context, record, exception);
        }
        log.warn("Task {}: record {}-{}@{} could not be decoded for a reason that may pass, failing the task to read "
                        + "it again: {}", context.taskId(), record.topic(), record.partition(), record.offset(),
                exception.toString());
        return Response.fail();
    }
}
