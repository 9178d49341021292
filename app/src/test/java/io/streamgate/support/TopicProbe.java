package io.streamgate.support;

import io.streamgate.platform.avro.AvroDeserializer;
import io.streamgate.platform.avro.SchemaRegistryClient;
import io.streamgate.schemas.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads what lands in a topic after the probe was created, decoded through the schema registry like any other
 * Confluent-format consumer would: the check a user makes by hand with a console consumer.
 */
public final class TopicProbe<V extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> start;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    private TopicProbe(String bootstrapServers, String registryUrl, Topic<String, V> topic) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(),
                new AvroDeserializer<>(new SchemaRegistryClient(registryUrl), topic.valueType()));
        this.partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        this.start = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        start.forEach(consumer::seek);
    }

    public static <V extends SpecificRecord> TopicProbe<V> from(String bootstrapServers, String registryUrl,
                                                                 Topic<String, V> topic) {
        return new TopicProbe<>(bootstrapServers, registryUrl, topic);
    }

    /** Waits until a record written after the probe's start matches, and returns it. */
    public ConsumerRecord<String, V> awaitRecord(Predicate<ConsumerRecord<String, V>> matching) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            pollOnce();
            seen.stream().filter(matching).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    /**
     * Waits until the records written after the probe's start whose key starts with {@code keyPrefix} include every
     * one of {@code expected} (by {@code id}), and returns those records, duplicates included.
     */
    public List<ConsumerRecord<String, V>> awaitAll(String keyPrefix, Function<V, ?> id, Collection<?> expected) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            records.clear();
            drain().stream().filter(r -> r.key().startsWith(keyPrefix)).forEach(records::add);
            return records.stream().map(r -> id.apply(r.value())).toList().containsAll(expected);
        });
        return List.copyOf(records);
    }

    /** How many records were appended to the topic since the probe started (by anyone). */
    public long recordsWrittenSinceStart() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        return partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
    }

    public List<ConsumerRecord<String, V>> drain() {
        pollOnce();
        return List.copyOf(seen);
    }

    private void pollOnce() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
