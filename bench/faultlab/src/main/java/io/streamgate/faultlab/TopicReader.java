package io.streamgate.faultlab;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a whole topic as a consumer with {@code isolation.level=read_committed} would see it (up to the last stable
 * offset), and decodes each value from the Confluent wire format with the writer's schema fetched from the registry
 * by id: the checker shares no serde code with the application it checks.
 */
final class TopicReader {

    /** One record: where it is, its key, and its value decoded (null for a value that is not Avro). */
    record Read(String topic, int partition, long offset, String key, GenericRecord value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String bootstrapServers;
    private final String registryUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    TopicReader(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    List<Read> readAll(String topic) {
        List<Read> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return records;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new Read(topic, record.partition(), record.offset(), record.key(),
                            decode(record.value())));
                }
            }
        }
        return records;
    }

    /** Magic byte 0, a 4-byte schema id, then the Avro binary body. */
    GenericRecord decode(byte[] bytes) {
        if (bytes == null || bytes.length < 5 || bytes[0] != 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.get();
        int id = buffer.getInt();
        Schema schema = schemas.computeIfAbsent(id, this::fetchSchema);
        try {
            return new GenericDatumReader<GenericRecord>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        } catch (IOException e) {
            throw new IllegalStateException("Undecodable record with schema id " + id, e);
        }
    }

    private Schema fetchSchema(int id) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(registryUrl + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("Schema " + id + ": HTTP " + answer.statusCode() + " " + answer.body());
            }
            return new Schema.Parser().parse(JSON.readTree(answer.body()).get("schema").asString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot fetch schema " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
