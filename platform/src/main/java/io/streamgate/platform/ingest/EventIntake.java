package io.streamgate.platform.ingest;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventHeaders;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topic;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Accepting requests as events into one topic of the catalogue: a route validates its request and builds the event
 * (its own mapping and ids); this publishes the event under the key the topic is partitioned by, with the request's
 * id as the {@code X-Request-ID} header ({@link EventHeaders#REQUEST_ID}), so a consumer can tell which request wrote
 * it. {@link #publish} is for a route that answers after the ack (with
 * {@link io.streamgate.platform.edge.RequestEventLoop#await}): its future completes with the broker's ack or a
 * {@link io.streamgate.platform.kafka.PublishException} within the answer timeout
 * ({@link EventPublisher#answerInTime}), while the producer may go on and write the record later.
 * {@link #publishInBackground} is for a route that answers at once and follows the real outcome.
 * <p>
 * One per topic a system writes, built at start-up: a publish adds no object of its own to the publisher's (the hot
 * path of {@code POST /payments} runs through here).
 *
 * @param <K> the topic's key type
 * @param <V> the topic's event type
 */
public final class EventIntake<K, V> {

    private final EventPublisher publisher;
    private final Topic<K, V> topic;
    private final Function<? super V, ? extends K> key;

    /**
     * @param topic the catalogue topic the events go to
     * @param key   the record key of an event: what keeps the events that must stay in order in one partition
     */
    public EventIntake(EventPublisher publisher, Topic<K, V> topic, Function<? super V, ? extends K> key) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Publishes {@code event}, written because of request {@code requestId}, for a request that waits: the future
     * fails with a {@code TIMEOUT} once the answer timeout passes (the record may yet be written).
     */
    public CompletableFuture<Delivery> publish(V event, String requestId) {
        return publisher.answerInTime(topic.name(), publishInBackground(event, requestId));
    }

    /**
     * Publishes {@code event} for a route that does not wait: the future completes with the real outcome, the ack or
     * a failure within the producer's delivery timeout.
     */
    public CompletableFuture<Delivery> publishInBackground(V event, String requestId) {
        return publisher.publish(topic, key.apply(event), event, Map.of(EventHeaders.REQUEST_ID, requestId));
    }

    /**
     * {@link #publish(Object, String)} with headers of the route's own besides the request id (a header whose value is
     * null is left out).
     */
    public CompletableFuture<Delivery> publish(V event, String requestId, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(EventHeaders.REQUEST_ID, requestId);
        return publisher.answerInTime(topic.name(), publisher.publish(topic, key.apply(event), event, all));
    }
}
