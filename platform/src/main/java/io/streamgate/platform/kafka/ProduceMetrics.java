package io.streamgate.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code streamgate.produce.latency} (timer, tags topic and outcome success|failure, percentile histogram) and
 * {@code streamgate.produce.errors} (counter, tags topic and kind) and {@code streamgate.produce.answer.timeouts}
 * (counter, tag topic: requests answered 503 before the producer answered, {@link EventPublisher#answerInTime}). Meters are resolved once per topic, so recording
 * is a map lookup and an atomic add.
 */
final class ProduceMetrics {

    public static final String LATENCY = "streamgate.produce.latency";
    public static final String ERRORS = "streamgate.produce.errors";
    public static final String ANSWER_TIMEOUTS = "streamgate.produce.answer.timeouts";

    static final class TopicMeters {
        final Timer success;
        final Timer failure;
        final Counter[] errors;
        final Counter answerTimeouts;

        TopicMeters(MeterRegistry registry, String topic) {
            success = timer(registry, topic, "success");
            failure = timer(registry, topic, "failure");
            PublishException.Kind[] kinds = PublishException.Kind.values();
            errors = new Counter[kinds.length];
            for (PublishException.Kind kind : kinds) {
                errors[kind.ordinal()] = Counter.builder(ERRORS)
                        .description("Events that could not be published, by reason")
                        .tag("topic", topic).tag("kind", kind.name())
                        .register(registry);
            }
            answerTimeouts = Counter.builder(ANSWER_TIMEOUTS)
                    .description("Requests answered before the producer acknowledged or failed their record "
                            + "(the answer timeout passed; the record may still be written)")
                    .tag("topic", topic)
                    .register(registry);
        }

        private static Timer timer(MeterRegistry registry, String topic, String outcome) {
            return Timer.builder(LATENCY)
                    .description("Time from publish to the broker's ack (or the failure)")
                    .tag("topic", topic).tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry);
        }

        void success(long startNanos) {
            success.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }

        void answerTimeout() {
            answerTimeouts.increment();
        }

        void failure(long startNanos, PublishException.Kind kind) {
            failure.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            errors[kind.ordinal()].increment();
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, TopicMeters> byTopic = new ConcurrentHashMap<>();

    public ProduceMetrics(MeterRegistry registry, Collection<String> knownTopics) {
        this.registry = registry != null ? registry : new SimpleMeterRegistry();
        knownTopics.forEach(this::forTopic);
    }

    TopicMeters forTopic(String topic) {
        TopicMeters meters = byTopic.get(topic);
        return meters != null ? meters : byTopic.computeIfAbsent(topic, t -> new TopicMeters(registry, t));
    }
}
