package io.streamgate.bench.baseline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The bare app the payments benchmark compares Streamgate with: what a new user writes in an afternoon with Spring
 * WebFlux and kafka-clients. It has none of Streamgate's work (Avro, registry, validation, filters, metrics), so
 * Streamgate ÷ bare says what that work costs.
 */
@SpringBootApplication
public class BaselineApplication {

    public static void main(String[] args) {
        SpringApplication.run(BaselineApplication.class, args);
    }

    /**
     * Streamgate's platform producer settings with their defaults (KafkaClientSettings.producer and
     * StreamgateKafkaProperties in the platform): the comparison is only fair if both producers batch alike.
     * Written out rather than taken from the platform, as a new user would; ProducerSettingsTest keeps them equal.
     */
    static Map<String, Object> producerConfig(String bootstrap) {
        return Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "bench-baseline-producer"),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000L),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 1),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
                Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                Map.entry(ProducerConfig.METADATA_MAX_IDLE_CONFIG, 24 * 60 * 60 * 1000L),
                Map.entry(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L));
    }

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> producer(@Value("${baseline.bootstrap}") String bootstrap,
                                      @Value("${baseline.topic}") String topic,
                                      @Value("${baseline.partitions}") int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Producer<String, byte[]> producer =
                new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(), new ByteArraySerializer());
        // Fetch the topic's metadata now, so the first request does not block the event loop for it.
        producer.partitionsFor(topic);
        return producer;
    }
}
