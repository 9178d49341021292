package io.streamgate.platform.outbox.internal;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.platform.kafka.PublishException;
import io.streamgate.schemas.Topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The application's real publisher, with faults a test scripts: keys whose publishes fail (of a given kind, after a
 * given time, as a partition without leader fails after the delivery timeout), and acknowledgements held back for a
 * while (a slow broker). Records every publish: which event, on which thread, when, and when it was answered.
 */
final class ScriptedPublisher implements EventPublisher, AutoCloseable {

    /** One publish call. */
    record Call(String key, String eventId, String thread, long atMillis) {
    }

    private final EventPublisher real;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("scripted-publisher-timer").daemon(true).factory());
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Event id → wall-clock millis at which the broker acknowledged it (before any scripted delay). */
    final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
    final AtomicInteger answered = new AtomicInteger();
    private volatile Predicate<String> failing = key -> false;
    private volatile PublishException.Kind failure = PublishException.Kind.TIMEOUT;
    private volatile Duration failAfter = Duration.ZERO;
    private volatile Duration ackDelay = Duration.ZERO;

    ScriptedPublisher(EventPublisher real) {
        this.real = real;
    }

    /** Publishes of keys matching {@code keys} fail with {@code kind} after {@code after}, without reaching Kafka. */
    ScriptedPublisher failing(Predicate<String> keys, PublishException.Kind kind, Duration after) {
        this.failure = kind;
        this.failAfter = after;
        this.failing = keys;
        return this;
    }

    /** Every answer (ack or failure) reaches the caller {@code delay} after the broker gave it. */
    ScriptedPublisher delayingAcks(Duration delay) {
        this.ackDelay = delay;
        return this;
    }

    long callsFor(String key) {
        return calls.stream().filter(c -> c.key().equals(key)).count();
    }

    @Override
    public Duration deliveryTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public <K, V> CompletableFuture<Delivery> publish(Topic<K, V> topic, K key, V value, Map<String, String> headers) {
        String eventId = headers.get(EventHeaders.EVENT_ID);
        calls.add(new Call(String.valueOf(key), eventId, Thread.currentThread().getName(), System.currentTimeMillis()));
        CompletableFuture<Delivery> answer = new CompletableFuture<>();
        if (failing.test(String.valueOf(key))) {
            PublishException error = new PublishException(failure, topic.name(), "scripted " + failure, null);
            if (failAfter.isZero()) {
                answer.completeExceptionally(error);
                answered.incrementAndGet();
            } else {
                timer.schedule(() -> {
                    answered.incrementAndGet();
                    answer.completeExceptionally(error);
                }, failAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            return answer;
        }
        real.publish(topic, key, value, headers).whenComplete((delivery, error) -> {
            if (error == null) {
                ackedAt.put(eventId, System.currentTimeMillis());
            }
            Runnable complete = () -> {
                answered.incrementAndGet();
                if (error == null) {
                    answer.complete(delivery);
                } else {
                    answer.completeExceptionally(error);
                }
            };
            if (ackDelay.isZero()) {
                complete.run();
            } else {
                timer.schedule(complete, ackDelay.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
        return answer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
