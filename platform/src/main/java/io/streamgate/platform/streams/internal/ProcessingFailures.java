package io.streamgate.platform.streams.internal;

import io.streamgate.platform.streams.RecordRejectedException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A processor (or punctuator) failed. Only a {@link RecordRejectedException} for an input record is poison: the record
 * goes to the dead-letter topic and the task goes on. Anything else fails the task: a serializer that could not reach
 * the registry, a store, a bug. Going on would commit whatever the processor did before the failure (a trip marked
 * joined whose joined record was never written), so the task is failed instead, its transaction aborted, and the
 * records since its last commit are processed again after the stream thread was replaced.
 * <p>
 * Kafka Streams calls this handler at the innermost processor node around the failure: a record the join forwards
 * that a sink cannot serialize reaches it as the {@code StreamsException} of the sink, wrapped, and is failed here.
 */
public final class ProcessingFailures implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProcessingFailures.class);

    private final LogAndContinueProcessingExceptionHandler deadLetter = new LogAndContinueProcessingExceptionHandler();

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetter.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        // A punctuation has no input record (and no source bytes): nothing to set aside.
        if (exception instanceof RecordRejectedException && record != null) {
            return deadLetter.handleError(context, record, exception);
        }
        log.warn("Task {}: processor {} failed{}, failing the task to process again from its last commit: {}",
                context.taskId(), context.processorNodeId(),
                context.topic() == null ? " in a punctuation"
                        : " on " + context.topic() + "-" + context.partition() + "@" + context.offset(),
                exception.toString());
        return Response.fail();
    }
}
