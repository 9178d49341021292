package io.streamgate.platform.streams.internal;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * A record the application writes could not be serialized or sent. It is the application's own output, never poison of
 * its input: a serializer that cannot reach the registry (cold cache after a restart), a subject not registered under
 * {@code use-latest}, an incompatible schema. So the task fails and is retried, without a dead-letter copy. Kafka
 * Streams' default handler fails as well but also writes the input record to the dead-letter topic: under
 * exactly_once_v2 that copy is aborted with the task's transaction, so it is only waste, and under at_least_once it
 * would be a copy per attempt of a record that is processed in the end. A retriable send error is retried as the
 * default does (under exactly_once_v2: the task is marked corrupted and processes again from its last commit).
 */
public final class ProductionFailures implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProductionFailures.class);

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure: no dead-letter records.
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        return exception instanceof RetriableException ? Response.retry() : Response.fail();
    }

    @SuppressWarnings("rawtypes")
    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        log.warn("Task {}: the {} of a record for {} could not be serialized, failing the task to process again from "
                        + "its last commit: {}", context.taskId(), origin.name().toLowerCase(Locale.ROOT),
                record.topic(), exception.toString());
        return Response.fail();
    }
}
