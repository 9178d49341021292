package io.streamgate.platform.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {

    private final KafkaConnectionDetails connection = () -> List.of("broker-1:9092", "broker-2:9092");

    @Test
    void producerSettingsAreEnforcedOverSpringKafkaProperties() {
        KafkaProperties properties = new KafkaProperties();
        properties.getProducer().setAcks("1");
        properties.getProducer().setClientId("mine");
        properties.getProducer().getProperties().put("enable.idempotence", "false");

        Map<String, Object> config = KafkaClientSettings.producer(properties, connection, StreamgateKafkaProperties.defaults());

        assertThat(config).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("broker-1:9092", "broker-2:9092"))
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000L)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, DataSize.ofMegabytes(64).toBytes())
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "mine");
        // The config is valid for the real client.
        new ProducerConfig(config);
    }

    @Test
    void deliveryTimeoutMustCoverLingerAndRequestTimeout() {
        StreamgateKafkaProperties d = StreamgateKafkaProperties.defaults();
        assertThatThrownBy(() -> new StreamgateKafkaProperties(d.maxBlock(), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofMillis(5), d.compression(), d.bufferMemory(), d.bufferReserve(),
                d.closeTimeout(), d.probeInterval(), d.probeTimeout(), 2, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delivery-timeout");
    }

    @Test
    void theAnswerTimeoutIsAtMostTheDeliveryTimeout() {
        StreamgateKafkaProperties d = StreamgateKafkaProperties.defaults();
        assertThat(d.answerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(d.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new StreamgateKafkaProperties(d.maxBlock(), d.requestTimeout(), Duration.ofSeconds(3),
                Duration.ofSeconds(4), d.linger(), d.compression(), d.bufferMemory(), d.bufferReserve(),
                d.closeTimeout(), d.probeInterval(), d.probeTimeout(), 2, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answer-timeout");
    }

    @Test
    void consumerSeedCommitsManually() {
        Map<String, Object> config = KafkaClientSettings.consumer(new KafkaProperties(), connection, "order-details");
        assertThat(config).containsEntry("group.id", "order-details").containsEntry("enable.auto.commit", false)
                .containsEntry("auto.offset.reset", "earliest").containsEntry("isolation.level", "read_committed");
    }

    @Test
    void topicsUseDefaultsAndPerTopicOverrides() {
        TopicsProperties properties = new TopicsProperties(true, new TopicsProperties.TopicSettings(6, (short) 3, 2),
                Map.of("payments", new TopicsProperties.TopicOverride(12, null, null)));
        TopicProvisioner provisioner = new TopicProvisioner(() -> null, properties, List.of("payments", "payments.DLT"),
                Duration.ofSeconds(1), Duration.ofSeconds(1));

        List<NewTopic> planned = provisioner.plannedTopics();

        assertThat(planned).extracting(NewTopic::name).containsExactly("payments", "payments.DLT");
        assertThat(planned.get(0).numPartitions()).isEqualTo(12);
        assertThat(planned.get(0).replicationFactor()).isEqualTo((short) 3);
        assertThat(planned.get(0).configs()).containsEntry("min.insync.replicas", "2");
        assertThat(planned.get(1).numPartitions()).isEqualTo(6);
    }

    @Test
    void provisioningToleratesAnUnreachableClusterAndBacksOff() {
        TopicProvisioner provisioner = new TopicProvisioner(() -> {
            throw new IllegalStateException("down");
        }, TopicsProperties.defaultSettings(), List.of("payments"), Duration.ofMillis(100), Duration.ofSeconds(30));
        assertThat(provisioner.getAsBoolean()).isFalse();
        assertThat(provisioner.isDone()).isFalse();
    }
}
