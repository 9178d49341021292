package io.streamgate.platform.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;

import java.util.HashMap;
import java.util.Map;

/**
 * Client configurations built the way Boot's {@code KafkaAutoConfiguration} builds them ({@code spring.kafka.*} plus
 * {@link KafkaConnectionDetails}, so the dev stack's and Testcontainers' addresses apply), with Streamgate's enforced
 * settings on top.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    /**
     * The shared producer's configuration: {@code spring.kafka.producer.*}, then enforced {@code acks=all},
     * idempotence, the short timeouts, linger, compression and buffer of {@link StreamgateKafkaProperties}; keys and
     * values are byte arrays (the publisher serializes them itself, to classify failures and stay off the registry on
     * the caller's thread). Transactions are not used by this producer.
     */
    public static Map<String, Object> producer(KafkaProperties properties, KafkaConnectionDetails connection,
                                               StreamgateKafkaProperties settings) {
        Map<String, Object> config = new HashMap<>(properties.buildProducerProperties());
        KafkaConnectionDetails.Configuration producer = connection.getProducer();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, producer.getBootstrapServers());
        applySecurity(config, producer.getSecurityProtocol(), producer.getSslBundle());
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "streamgate-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferMemory().toBytes());
        // Keep catalogue topics' metadata even when a topic is idle, so a quiet topic's next send never waits for it.
        config.putIfAbsent(ProducerConfig.METADATA_MAX_IDLE_CONFIG, 24 * 60 * 60 * 1000L);
        config.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /**
     * The availability probe's and topic provisioner's admin configuration: {@code spring.kafka.admin.*} with short
     * connection and request timeouts so a dead cluster is noticed within about a second.
     */
    public static Map<String, Object> admin(KafkaProperties properties, KafkaConnectionDetails connection,
                                            StreamgateKafkaProperties settings) {
        Map<String, Object> config = new HashMap<>(properties.buildAdminProperties());
        KafkaConnectionDetails.Configuration admin = connection.getAdmin();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, admin.getBootstrapServers());
        applySecurity(config, admin.getSecurityProtocol(), admin.getSslBundle());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "streamgate-availability");
        long probe = settings.probeTimeout().toMillis();
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, probe);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.max(probe, 2000L));
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000L);
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1000L);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return config;
    }

    /**
     * The base of every consumer's configuration: {@code spring.kafka.consumer.*} with String keys, manual commits
     * (commit after processing), {@code read_committed} and {@code earliest}. The platform's consumer side
     * ({@code io.streamgate.platform.consumer}) builds its containers on it, with byte-array deserializers (it decodes
     * values itself, to tell poison records from a registry outage).
     */
    public static Map<String, Object> consumer(KafkaProperties properties, KafkaConnectionDetails connection,
                                               String groupId) {
        Map<String, Object> config = new HashMap<>(properties.buildConsumerProperties());
        KafkaConnectionDetails.Configuration consumer = connection.getConsumer();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, consumer.getBootstrapServers());
        applySecurity(config, consumer.getSecurityProtocol(), consumer.getSslBundle());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Boot always sets isolation.level (read_uncommitted by default); outbox and Streams writers may be
        // transactional, so consumers never see aborted records.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return config;
    }

    static void applySecurity(Map<String, Object> config, String securityProtocol, SslBundle sslBundle) {
        if (securityProtocol != null && !securityProtocol.isEmpty()) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        }
        if (sslBundle != null) {
            config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            config.put(SslBundle.class.getName(), sslBundle);
        }
    }
}
