package io.streamgate.platform.consumer;

import java.util.List;

/**
 * What a feature does with the events of a topic. The platform calls it from the consumer thread with the events of
 * one poll, in record order (per key, in the order they were written), inside the database transaction in which it
 * records their ids as applied: the handler's writes and that record commit together or not at all. Events this
 * consumer group has applied before are already filtered out.
 * <p>
 * Rules: throw {@link EventRejectedException} for an event that can never be applied (it breaks the handler's own
 * rules); the platform then commits the events before it, sends that record to the dead-letter topic and goes on after
 * it. Any other exception is taken for a failure of the environment (database down, ...): nothing of the batch is
 * committed and the batch is retried with back-off, never dead-lettered.
 */
@FunctionalInterface
public interface EventHandler<V> {

    void apply(List<ConsumedEvent<V>> events);
}
