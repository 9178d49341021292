package io.streamgate.platform.streams;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SslConfigs;
import io.streamgate.platform.streams.internal.DeserializationFailures;
import io.streamgate.platform.streams.internal.ProcessingFailures;
import io.streamgate.platform.streams.internal.ProductionFailures;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a Kafka Streams application, built like the platform's other clients: {@code spring.kafka
 * .streams.*} and {@link KafkaConnectionDetails} (so the dev stack's address applies), then what Streamgate enforces.
 */
final class KafkaStreamsSettings {

    private KafkaStreamsSettings() {
    }

    /**
     * @param applicationId  {@code application.id}: the consumer group, the prefix of internal topics and the state
     *                       directory of this application; instances with the same id share the work
     * @param deadLetterTopic  where poison records go (bytes that can never decode, records a processor rejects), with
     *                         headers naming their origin (Kafka Streams' own dead-letter queue, KIP-1034)
     */
    public static Properties of(KafkaProperties properties, KafkaConnectionDetails connection,
                                StreamsProperties settings, String applicationId, String deadLetterTopic) {
        Map<String, Object> config = new HashMap<>(properties.buildStreamsProperties());
        KafkaConnectionDetails.Configuration streams = connection.getStreams();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", streams.getBootstrapServers()));
        if (streams.getSecurityProtocol() != null && !streams.getSecurityProtocol().isEmpty()) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, streams.getSecurityProtocol());
        }
        SslBundle sslBundle = streams.getSslBundle();
        if (sslBundle != null) {
            config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            config.put(SslBundle.class.getName(), sslBundle);
        }
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(enforced(applicationId, deadLetterTopic));
        Properties result = new Properties();
        result.putAll(config);
        return result;
    }

    /** What every application gets whatever {@code spring.kafka.streams.*} says: its id, the guarantee, failures. */
    static Map<String, Object> enforced(String applicationId, String deadLetterTopic) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId);
        // Each input record's effects (state changes, output, offsets) commit in one transaction: a crash never
        // shows half of them, and a record is never processed twice in effect. v2: one producer per thread.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Only poison goes to the dead-letter topic and lets the task go on; every other failure fails the task, so
        // its transaction is aborted and the thread replaced (ManagedKafkaStreams): nothing is lost to a registry
        // blip or a cold cache, and nothing half-done is committed.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationFailures.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionFailures.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        // Internal topics are named in the topology (stores, processors); a rename would orphan a changelog.
        config.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return config;
    }
}
