package io.streamgate.platform.ingest;

import io.streamgate.platform.kafka.Delivery;
import io.streamgate.platform.kafka.EventPublisher;
import io.streamgate.schemas.Topic;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** An {@link EventPublisher} that records what it is given and answers as {@code outcome} says. */
final class RecordingPublisher implements EventPublisher {

    record Published(String topic, Object key, Object value, Map<String, String> headers) {
    }

    final List<Published> published = new ArrayList<>();
    private final Function<Published, CompletableFuture<Delivery>> outcome;

    RecordingPublisher(Function<Published, CompletableFuture<Delivery>> outcome) {
        this.outcome = outcome;
    }

    /** Acknowledges every record at the next offset of partition 0. */
    static RecordingPublisher acknowledging() {
        int[] offset = new int[1];
        return new RecordingPublisher(record -> CompletableFuture.completedFuture(
                new Delivery(record.topic(), 0, offset[0]++, null)));
    }

    @Override
    public Duration deliveryTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public <K, V> CompletableFuture<Delivery> publish(Topic<K, V> topic, K key, V value, Map<String, String> headers) {
        Published record = new Published(topic.name(), key, value, Map.copyOf(headers));
        published.add(record);
        return outcome.apply(record);
    }
}
