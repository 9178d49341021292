package io.streamgate.platform.consumer.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.platform.consumer.EventSubscription;
import io.streamgate.platform.kafka.KafkaAvailability;
import io.streamgate.schemas.Topics;
import io.streamgate.schemas.orders.OrderEvent;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A partition this replica loses stops being reported as its lag at once, not at the next lag refresh. */
class LagOfRevokedPartitionsTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final ConsumerMetrics metrics = new ConsumerMetrics(meters, "order-details", "order-events");
    private final LagOfRevokedPartitions listener = new LagOfRevokedPartitions(metrics);

    private Map<String, Double> lagByPartition() {
        Map<String, Double> lag = new TreeMap<>();
        for (Gauge gauge : meters.find("streamgate.consumer.lag").gauges()) {
            lag.put(gauge.getId().getTag("partition"), gauge.value());
        }
        return lag;
    }

    private static TopicPartition partition(int number) {
        return new TopicPartition("order-events", number);
    }

    @Test
    void shouldDropTheLagOfARevokedPartitionAndKeepTheOthers() {
        metrics.lag(Map.of(0, 5L, 1, 7L, 2, 0L));

        listener.onPartitionsRevoked(List.of(partition(1)));

        assertThat(lagByPartition()).isEqualTo(Map.of("0", 5.0, "2", 0.0));
    }

    @Test
    void shouldDropTheLagOfALostPartition() {
        metrics.lag(Map.of(0, 5L, 1, 7L));

        listener.onPartitionsLost(List.of(partition(0), partition(1)));

        assertThat(lagByPartition()).isEmpty();
    }

    @Test
    void shouldReportTheLagOfAPartitionAssignedAgainAtTheNextRefresh() {
        metrics.lag(Map.of(0, 5L, 1, 7L));
        listener.onPartitionsRevoked(List.of(partition(0), partition(1)));

        listener.onPartitionsAssigned(List.of(partition(1)));
        metrics.lag(Map.of(1, 3L));

        assertThat(lagByPartition()).isEqualTo(Map.of("1", 3.0));
    }

    @Test
    void shouldListenToTheRebalancesOfEverySubscriptionsContainer() {
        EventSubscription<OrderEvent> subscription = EventSubscription.of("order-details", Topics.ORDER_EVENTS,
                OrderEvent::getEventId, events -> {
                });
        ConsumerSettings settings = new ConsumerSettings(1, Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofDays(7),
                Duration.ofMinutes(1));
        EventConsumers consumers = new EventConsumers(List.of(subscription), Map.of(),
                new DefaultKafkaProducerFactory<>(Map.of()), new SchemaRegistryClient("http://127.0.0.1:1"),
                new KafkaAvailability(Map.of("bootstrap.servers", "127.0.0.1:1"), Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                null, null, meters, settings);

        assertThat(consumers.runtimes()).singleElement().satisfies(runtime -> assertThat(
                runtime.container().getContainerProperties().getConsumerRebalanceListener())
                .isInstanceOf(LagOfRevokedPartitions.class));
    }
}
